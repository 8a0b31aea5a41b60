using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The operator console comes with an install (<c>dotnet publish</c>): its page and every asset are inside n3host.dll.</summary>
[Collection(PublishedHostCollection.Name)]
public sealed class PublishedConsoleTests(PublishedHost host)
{
    private static readonly (string Path, string MediaType)[] Assets =
    [
        ("/", "text/html"),
        ("/console/js/main.js", "text/javascript"),
        ("/console/console.css", "text/css"),
        ("/console/vendor/uplot/uPlot.iife.min.js", "text/javascript"),
        ("/console/vendor/uplot/uPlot.min.css", "text/css"),
        ("/console/vendor/uplot/LICENSE", "text/plain"),
    ];

    [Fact]
    public async Task PublishedNode_ServesTheConsoleAndItsAssets_WithNothingButItsInstall()
    {
        using var node = new TestNode(host, "console-install");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);
        using var http = new HttpClient();

        foreach (var (path, mediaType) in Assets)
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{node.ApiPort}{path}");
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.False(Directory.Exists(Path.Combine(host.Directory, "wwwroot")), "no loose copy of the console's files in the install");
    }
}
