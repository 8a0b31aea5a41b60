using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>A temp folder with a modules.json for one test node on a free API port, and helpers to ask it things.</summary>
internal sealed class TestNode : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-node");

    public TestNode(PublishedHost host, string name = "itest", int restartBackoffMs = 200)
    {
        Host = host;
        ApiPort = FreePort.Get();
        Config = new NodeConfig(name, "data", ApiPort);
        Config.Root["supervisor"] = new JsonObject { ["restartBackoffMs"] = restartBackoffMs, ["maxRestartBackoffMs"] = restartBackoffMs * 4 };
    }

    public PublishedHost Host { get; }

    public int ApiPort { get; }

    public NodeConfig Config { get; }

    public string ConfigPath => _folder.Combine("modules.json");

    public string DataDirectory => _folder.Combine("data");

    public string Folder => _folder.Path;

    public NodeProcess Start(params string[] extra)
    {
        Config.WriteTo(ConfigPath);
        return Host.Start(ConfigPath, extra);
    }

    public Task<CliResult> CliAsync(params string[] args) => Host.CliAsync([.. args, "--config", ConfigPath]);

    public async Task<JsonNode> StatusAsync()
    {
        var result = await CliAsync("status", "--json");
        Assert.True(result.ExitCode == 0, $"status failed ({result.ExitCode}): {result.StdErr}");
        return JsonNode.Parse(result.StdOut)!;
    }

    public async Task<JsonNode?> InstanceAsync(string instance) =>
        (await StatusAsync())["modules"]!.AsArray().Single(m => m!["instance"]!.GetValue<string>() == instance);

    public async Task<string?> StateAsync(string instance) => (await InstanceAsync(instance))?["state"]?.GetValue<string>();

    public async Task<JsonArray> TagsAsync(string? filter = null)
    {
        var result = filter is null ? await CliAsync("tags", "--json") : await CliAsync("tags", "--json", "--filter", filter);
        Assert.True(result.ExitCode == 0, $"tags failed ({result.ExitCode}): {result.StdErr}");
        return JsonNode.Parse(result.StdOut)!.AsArray();
    }

    /// <summary>Waits until the node answers status (its API is up and the modules are brought up).</summary>
    public Task WaitUntilUpAsync(NodeProcess process) =>
        process.WaitForLineAsync(l => l.Contains("is running:", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

    public void Dispose() => _folder.Dispose();
}
