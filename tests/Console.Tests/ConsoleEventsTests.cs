using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace N3Host.ConsoleTests;

/// <summary><c>GET /api/events</c>, the page's feed, read as any SSE client would: the status at once, filtered tag values at most once a second.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleEventsTests
{
    [Fact]
    public async Task Events_StartWithTheStatus_ThenTagValuesMatchingTheFilter_NeverMoreThanOnceASecond()
    {
        await using var node = await ConsoleNode.StartAsync();
        using var http = ConsoleSession.ApiClient(node.Config, Timeout.InfiniteTimeSpan);
        using var response = await http.GetAsync(new Uri("api/events?filter=sim/r*", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var events = new List<(string Name, JsonNode Data, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(3.5);
        string? name = null;
        while (clock.Elapsed < window)
        {
            var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (line is null)
                break;
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                events.Add((name!, JsonNode.Parse(line["data: ".Length..])!, clock.Elapsed));
        }

        Assert.Equal("status", events[0].Name);
        Assert.Equal("plant-1", events[0].Data["node"]!.GetValue<string>());
        var tags = events.Where(e => e.Name == "tags").ToList();
        Assert.NotEmpty(tags);
        Assert.All(tags, t => Assert.All(t.Data["values"]!.AsArray(), v => Assert.StartsWith("sim/r", v!["path"]!.GetValue<string>(), StringComparison.Ordinal)));
        Assert.Contains(tags, t => t.Data["values"]!.AsArray().Any(v => v!["path"]!.GetValue<string>() == "sim/ramp"));
        Assert.DoesNotContain(tags, t => t.Data["values"]!.AsArray().Any(v => v!["path"]!.GetValue<string>() == "sim/sine"));

        // In 3.5 s: at 0, 1, 2 and 3 s at most; a feed that pushed on every new value (every 200 ms here) would send about 17.
        Assert.True(tags.Count <= 4, $"{tags.Count} tag events in {window.TotalSeconds} s: " + string.Join(", ", tags.Select(t => $"{t.At.TotalMilliseconds:0} ms")));
    }
}
