using System.Text.Json.Nodes;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.HostProcess;

/// <summary>The historian in a real n3host process, fed by the Simulator, queried with the real CLI.</summary>
public sealed class HostProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new("historian-process");

    public void Dispose() => _dir.Dispose();

    private string WriteConfig()
    {
        var config = new NodeConfig("hist-node", _dir.Combine("data"), FreePort.Get())
            .Add("sim", "Simulator", new { periodMs = 20 })
            .Add("history", "Historian", new { tags = new[] { "sim/*" }, batchSize = 25, flushIntervalMs = 100 });
        return config.WriteTo(_dir.Combine("modules.json"));
    }

    private static async Task<List<double>> CounterValuesAsync(string config)
    {
        var result = await HostCli.RunAsync("history", "sim/counter", "--from", "-1h", "--to", "now", "--limit", "100000", "--json", "--config", config);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"n3host history failed ({result.ExitCode}): {result.Output}");
        return [.. JsonNode.Parse(result.StdOut)!["samples"]!.AsArray().Select(s => s!["value"]!.GetValue<double>())];
    }

    [Fact]
    public async Task SimulatorValues_AreStored_AndQueriedWithTheCli_RawAndAggregates()
    {
        var config = WriteConfig();
        await using var node = NodeProcess.Start(config);
        await node.WaitForLineAsync(l => l.Contains("is running", StringComparison.Ordinal), Patience);

        List<double> counter = [];
        await Eventually.TrueAsync(async () => (counter = await CounterValuesAsync(config)).Count >= 50, Patience, "50 counter values stored and queryable");
        output.WriteLine($"{counter.Count} counter values");

        // A counter (the Simulator skips periods when the machine is busy, so steps may be larger than one): in order, none twice.
        Assert.All(counter.Zip(counter.Skip(1), (a, b) => b - a), step => Assert.True(step > 0, $"step {step}"));

        var aggregates = await HostCli.RunAsync("history", "sim/counter", "--from", "-1h", "--interval", "1h", "--csv", "--config", config);
        output.WriteLine(aggregates.Output);
        Assert.Equal(0, aggregates.ExitCode);
        Assert.StartsWith("start,end,count,min,max,avg,first,last", aggregates.StdOut, StringComparison.Ordinal);

        var status = await HostCli.RunAsync("status", "--config", config);
        Assert.Contains("historian:history", status.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledWithSigkill_MidStream_TheFileHoldsOnlyWholeBatches_AndTheNodeContinuesAfterARestart()
    {
        var config = WriteConfig();
        List<double> before;
        await using (var node = NodeProcess.Start(config))
        {
            await node.WaitForLineAsync(l => l.Contains("is running", StringComparison.Ordinal), Patience);
            await Eventually.TrueAsync(async () => (await CounterValuesAsync(config)).Count >= 100, Patience, "values stored");
            node.Kill();
            await node.WaitForExitAsync(Patience);
        }

        // Nothing half-written: the journal's records run 1, 2, 3, ... and every value of each (its payload as written, or rebuilt
        // from the sealed chunks) is shown by a query of the file as the SIGKILL left it.
        var db = _dir.Combine("data", "modules", "history", "history.db");
        await using (var store = new SqliteHistoryStore(db, "hist-node", () => 0, TimeProvider.System))
        {
            var records = await store.ReadAsync("hist-node", 0, 1_000_000, default);
            output.WriteLine($"after SIGKILL: {records.Sum(r => ValueBatchCodec.Decode(r.Payload.Span).Count)} values in {records.Count} records, {store.ValuesInMemory} of them not yet sealed");
            Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.Sequence));
            var written = records.SelectMany(r => ValueBatchCodec.Decode(r.Payload.Span)).GroupBy(v => v.Path);
            foreach (var tag in written)
            {
                var shown = (await store.QueryRawAsync(tag.Key, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1), 100_000, null, default)).Samples.Select(s => s.Value);
                Assert.Equal(tag.Distinct().Order(TagValueOrder.Instance), shown.Distinct().Order(TagValueOrder.Instance));
            }
        }

        await using (var node = NodeProcess.Start(config))
        {
            await node.WaitForLineAsync(l => l.Contains("is running", StringComparison.Ordinal), Patience);
            before = await CounterValuesAsync(config);
            await Eventually.TrueAsync(async () => (await CounterValuesAsync(config)).Count >= before.Count + 50, Patience, "the restarted node stores again");
        }
    }
}

/// <summary>Tag values by time, then by value, for comparing sets.</summary>
internal sealed class TagValueOrder : IComparer<TagValue>
{
    public static readonly TagValueOrder Instance = new();

    public int Compare(TagValue x, TagValue y) =>
        (x.SourceTime, x.Number, x.Text ?? "").CompareTo((y.SourceTime, y.Number, y.Text ?? ""));
}
