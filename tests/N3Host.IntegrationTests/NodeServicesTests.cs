using System.Globalization;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>History, failover and status sections go through what a module offers in INodeServices (here a test plugin's).</summary>
[Collection(PublishedHostCollection.Name)]
public sealed class NodeServicesTests(PublishedHost host)
{
    private const string Day = "2026-01-01T00:00:";

    [Fact]
    public async Task History_RawPagesAggregatesAndCsv_ComeFromTheModulesHistoryService()
    {
        using var node = new TestNode(host);
        node.Config.Add("svc", "ServicesPlugin", new { samples = 10 });
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var raw = await node.CliAsync("history", "svc/value", "--from", Day + "00Z", "--to", Day + "10Z", "--json");
        Assert.True(raw.ExitCode == 0, raw.StdErr);
        var samples = JsonNode.Parse(raw.StdOut)!["samples"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (double)i), samples.Select(s => s!["value"]!.GetValue<double>()));

        var csv = await node.CliAsync("history", "svc/value", "--from", Day + "00Z", "--to", Day + "10Z", "--limit", "3", "--csv");
        Assert.Equal(0, csv.ExitCode);
        var lines = csv.StdOut.Trim().Split('\n');
        Assert.Equal(["time,value,quality", "2026-01-01T00:00:00+00:00,0,Good", "2026-01-01T00:00:01+00:00,1,Good", "2026-01-01T00:00:02+00:00,2,Good"], lines);

        var aggregates = await node.CliAsync("history", "svc/value", "--from", Day + "00Z", "--to", Day + "10Z", "--interval", "5s", "--json");
        Assert.True(aggregates.ExitCode == 0, aggregates.StdErr);
        var buckets = JsonNode.Parse(aggregates.StdOut)!["aggregates"]!.AsArray();
        Assert.Equal([5L, 5L], buckets.Select(b => b!["count"]!.GetValue<long>()));
        Assert.Equal([2.0, 7.0], buckets.Select(b => b!["avg"]!.GetValue<double>()));
        Assert.Equal([0.0, 5.0], buckets.Select(b => b!["min"]!.GetValue<double>()));

        var badInterval = await node.CliAsync("history", "svc/value", "--interval", "often");
        Assert.Equal(3, badInterval.ExitCode);
        Assert.Equal("n3host: interval: \"often\" is not a duration (examples: 10s, 5m, 1h, 1d)", badInterval.StdErr.Trim());

        var backwards = await node.CliAsync("history", "svc/value", "--from", Day + "10Z", "--to", Day + "00Z");
        Assert.Equal(3, backwards.ExitCode);
        Assert.Contains("must be before to", backwards.StdErr);

        using var http = NodeApiClient.Create(node.ApiPort, node.DataDirectory);
        var badCursor = await http.GetAsync(new Uri($"api/history/raw?tag=svc/value&from={Day}00Z&to={Day}10Z&cursor=garbage", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Contains("cursor \"garbage\" was not made by this historian", JsonNode.Parse(await badCursor.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());

        var storeGone = await http.GetAsync(new Uri($"api/history/raw?tag=svc/broken&from={Day}00Z&to={Day}10Z", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, storeGone.StatusCode);
        Assert.Equal("the historian could not answer: the history database went away", JsonNode.Parse(await storeGone.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task History_TheMoreLineContinuesWithCursor_AnUnknownTagFails_IntervalsStartAtRoundTimes_BadArgumentsAreOneLine()
    {
        using var node = new TestNode(host);
        node.Config.Add("svc", "ServicesPlugin", new { samples = 10 });
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        // Pages of 4: the last line of each is the command for the next one, run as printed.
        var pages = new List<List<string>>();
        var page = await node.CliAsync("history", "svc/value", "--from", Day + "00Z", "--to", Day + "10Z", "--limit", "4");
        while (true)
        {
            Assert.True(page.ExitCode == 0, page.Output);
            var lines = page.StdOut.Trim().Split('\n');
            var more = lines[^1].StartsWith("(more: ", StringComparison.Ordinal) ? lines[^1]["(more: ".Length..^1] : null;
            pages.Add([.. lines.Skip(1).Take(lines.Length - (more is null ? 1 : 2)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1])]);
            if (more is null || pages.Count > 5)
                break;
            Assert.StartsWith("n3host history svc/value --from 2026-01-01T00:00:00Z --to 2026-01-01T00:00:10Z --limit 4 --config ", more, StringComparison.Ordinal);
            page = await host.CliAsync([.. more.Split(' ').Skip(1)]);
        }

        Assert.Equal([["0", "1", "2", "3"], ["4", "5", "6", "7"], ["8", "9"]], pages);

        var unknown = await node.CliAsync("history", "svc/nothing", "--from", Day + "00Z", "--to", Day + "10Z");
        Assert.Equal(3, unknown.ExitCode);
        Assert.Equal("n3host: unknown tag svc/nothing: the historian has no value of it and no module publishes it (n3host tags lists the tags)", unknown.StdErr.Trim());
        var known = await node.CliAsync("history", "svc/value", "--from", "2025-01-01T00:00:00Z", "--to", "2025-01-01T00:01:00Z");
        Assert.True(known.ExitCode == 0, $"a known tag without values in the range is no error: {known.Output}");

        var aggregates = await node.CliAsync("history", "svc/value", "--from", Day + "03.5Z", "--to", Day + "07Z", "--interval", "5s", "--json");
        Assert.True(aggregates.ExitCode == 0, aggregates.StdErr);
        var answer = JsonNode.Parse(aggregates.StdOut)!;
        Assert.Equal(DateTimeOffset.Parse(Day + "00Z", CultureInfo.InvariantCulture), answer["from"]!.GetValue<DateTimeOffset>());
        Assert.Equal(DateTimeOffset.Parse(Day + "10Z", CultureInfo.InvariantCulture), answer["to"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            [DateTimeOffset.Parse(Day + "00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse(Day + "05Z", CultureInfo.InvariantCulture)],
            answer["aggregates"]!.AsArray().Select(a => a!["start"]!.GetValue<DateTimeOffset>()));
        Assert.Equal([5L, 5L], answer["aggregates"]!.AsArray().Select(a => a!["count"]!.GetValue<long>()));

        foreach (var (args, message) in new (string[] Args, string Message)[]
        {
            (["history"], "n3host: Required argument 'TAG' missing for command: 'history' (see n3host history --help)"),
            (["history", "svc/value", "--limit", "lots"], "n3host: --limit: \"lots\" is not a number from 1 to 100000 (see n3host history --help)"),
            (["history", "svc/value", "--json", "--csv"], "n3host: --json and --csv cannot be combined (see n3host history --help)"),
            (["history", "svc/value", "--interval", "1m", "--cursor", "4"], "n3host: --cursor, --limit and --include-superseded are for raw values, not with --interval (see n3host history --help)"),
        })
        {
            var bad = await node.CliAsync(args);
            Assert.True(bad.ExitCode == 1, $"{string.Join(' ', args)}: exit {bad.ExitCode}\n{bad.Output}");
            Assert.Equal(message, bad.StdErr.Trim());
            Assert.Equal(string.Empty, bad.StdOut);
        }
    }

    [Theory]
    [InlineData("accept", "failover", 0, "handing the active role to the peer")]
    [InlineData("refuse", "failover", 3, "n3host: the peer is not connected")]
    [InlineData("accept", "failback", 0, "the primary takes the active role back")]
    [InlineData("refuse", "failback", 3, "n3host: failback is automatic on this pair")]
    public async Task FailoverAndFailback_GoThroughTheRedundancyControl(string answer, string command, int exitCode, string message)
    {
        using var node = new TestNode(host);
        node.Config.Add("svc", "ServicesPlugin", new { failover = answer });
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var result = await node.CliAsync(command);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(message, (exitCode == 0 ? result.StdOut : result.StdErr).Trim());
        var status = await node.StatusAsync();
        Assert.Equal(1, status["services"]!["services-test"]!["requests"]!.GetValue<int>());
    }
}
