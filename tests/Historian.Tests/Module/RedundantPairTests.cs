using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace Historian.Tests.Module;

/// <summary>
/// Two historian instances on two "nodes" in one process; the test plays the redundancy core's part (copying journal
/// records between the nodes with Read/Apply), so what is checked is the historian's side of the pair.
/// </summary>
public sealed class RedundantPairTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("historian-pair");

    public void Dispose() => _dir.Dispose();

    private static async Task ReplicateAsync(IJournal from, IJournal to)
    {
        foreach (var origin in await from.GetOriginsAsync(default))
        {
            var after = await to.GetLastSequenceAsync(origin, default);
            while (true)
            {
                var records = await from.ReadAsync(origin, after, 7, default);
                if (records.Count == 0)
                    break;
                await to.ApplyAsync(records, default);
                after = records[^1].Sequence;
            }
        }
    }

    [Fact]
    public async Task AfterFailoverAndFailback_BothNodesEmbeddedHistory_HoldEveryValueOnce()
    {
        var time = new FakeTimeProvider(TestData.Start.AddDays(1));
        var settings = new Dictionary<string, string?> { ["batchSize"] = "100" };
        var bus = new HostTagBus();
        var primaryContext = new ModuleTestContext("Historian", settings, "hist", time, output, node: "primary", dataDirectory: _dir.Combine("primary"), bus: bus);
        var backupContext = new ModuleTestContext("Historian", settings, "hist", time, output, node: "backup", dataDirectory: _dir.Combine("backup"), bus: bus);
        await using var primary = ModuleFactory.Create<HistorianModule>(primaryContext);
        await using var backup = ModuleFactory.Create<HistorianModule>(backupContext);
        var primaryJournal = primaryContext.Registry.Get("historian/hist");
        var backupJournal = backupContext.Registry.Get("historian/hist");
        var values = TestData.Interleaved(2, 1500);

        // Primary active, backup standby (constructed, never started) receiving the primary's records.
        primaryContext.Gate.Set(new RoleState(RedundancyMode.Primary, NodeRole.Active, 1, "test", TestData.Start));
        await primary.StartAsync(primaryContext, default);
        foreach (var v in values.Take(1000))
            await bus.PublishAsync(v, default);
        await primary.StopAsync(default);
        await ReplicateAsync(primaryJournal, backupJournal);

        // The primary dies; the backup takes over and stores what follows.
        backupContext.Gate.Set(new RoleState(RedundancyMode.Backup, NodeRole.Active, 2, "primary lost", TestData.Start));
        await backup.StartAsync(backupContext, default);
        foreach (var v in values.Skip(1000).Take(1500))
            await bus.PublishAsync(v, default);
        await backup.StopAsync(default);

        // The primary comes back and takes the backup's records (applied twice by a retry: stored once), then runs again.
        await ReplicateAsync(backupJournal, primaryJournal);
        await ReplicateAsync(backupJournal, primaryJournal);
        await primary.StartAsync(primaryContext, default);
        foreach (var v in values.Skip(2500))
            await bus.PublishAsync(v, default);
        await primary.StopAsync(default);
        await ReplicateAsync(primaryJournal, backupJournal);

        foreach (var context in new[] { primaryContext, backupContext })
        {
            var history = context.NodeServices.Get<IHistoryService>()!;
            foreach (var tag in new[] { "plant/tag0", "plant/tag1" })
            {
                var page = await history.QueryRawAsync(tag, TestData.Start, TestData.Start.AddDays(1), 10_000, null, default);
                Assert.Equal(values.Where(v => v.Path == tag), page.Samples.Select(s => s.Value));
            }
        }

        Assert.Equal(["backup", "primary"], await primaryJournal.GetOriginsAsync(default));
        Assert.Equal(15, await backupJournal.GetLastSequenceAsync("backup", default));
        Assert.Equal(await primaryJournal.GetLastSequenceAsync("primary", default), await backupJournal.GetLastSequenceAsync("primary", default));
        var terms = (await primaryJournal.ReadAsync("backup", 0, 100, default)).Select(r => r.Term).Distinct();
        Assert.Equal([2L], terms);
    }

    [Fact]
    public async Task AnActiveNodesUnwrittenBatch_ReachesTheStandbyAsItIsAccepted_AndTheStandbyStoresItWhenItTakesOver()
    {
        var time = new FakeTimeProvider(TestData.Start.AddDays(1));

        // A batch that is never written by size or time while the test runs: only the accepted-values journal has the values.
        var settings = new Dictionary<string, string?> { ["batchSize"] = "100000", ["flushIntervalMs"] = "60000" };
        var bus = new HostTagBus();
        var primaryContext = new ModuleTestContext("Historian", settings, "hist", time, output, node: "primary", dataDirectory: _dir.Combine("primary"), bus: bus);
        var backupContext = new ModuleTestContext("Historian", settings, "hist", time, output, node: "backup", dataDirectory: _dir.Combine("backup"), bus: new HostTagBus());
        await using var primary = ModuleFactory.Create<HistorianModule>(primaryContext);
        await using var backup = ModuleFactory.Create<HistorianModule>(backupContext);
        var primaryAccepted = primaryContext.Registry.Get("historian/hist/accepted");
        var backupAccepted = backupContext.Registry.Get("historian/hist/accepted");
        var values = TestData.Interleaved(2, 300);
        primaryContext.Gate.Set(new RoleState(RedundancyMode.Primary, NodeRole.Active, 1, "test", TestData.Start));
        await primary.StartAsync(primaryContext, default);

        foreach (var v in values)
            await bus.PublishAsync(v, default);
        await Eventually.TrueAsync(async () => (await AcceptedValuesAsync(primaryAccepted, "primary")).Count == values.Count, TimeSpan.FromSeconds(10),
            "every value is in the accepted-values journal before its batch is written");
        var primaryHistory = primaryContext.NodeServices.Get<IHistoryService>()!;
        Assert.Empty((await primaryHistory.QueryRawAsync("plant/tag0", TestData.Start, TestData.Start.AddDays(1), 10_000, null, default)).Samples);

        // The primary is killed now (its batch never written); the standby has what the pair replicated and takes over.
        await ReplicateAsync(primaryAccepted, backupAccepted);
        backupContext.Gate.Set(new RoleState(RedundancyMode.Backup, NodeRole.Active, 2, "primary lost", TestData.Start));
        await backup.StartAsync(backupContext, default);

        var backupHistory = backupContext.NodeServices.Get<IHistoryService>()!;
        foreach (var tag in new[] { "plant/tag0", "plant/tag1" })
        {
            await Eventually.TrueAsync(async () => (await backupHistory.QueryRawAsync(tag, TestData.Start, TestData.Start.AddDays(1), 10_000, null, default)).Samples.Count == 300,
                TimeSpan.FromSeconds(10), $"the backup stored the primary's accepted {tag}");
            var page = await backupHistory.QueryRawAsync(tag, TestData.Start, TestData.Start.AddDays(1), 10_000, null, default);
            Assert.Equal(values.Where(v => v.Path == tag), page.Samples.Select(s => s.Value));
        }

        // A restart of the backup's historian stores them no second time.
        await backup.StopAsync(default);
        await backup.StartAsync(backupContext, default);
        await backup.StopAsync(default);
        Assert.Equal(300, (await backupHistory.QueryRawAsync("plant/tag0", TestData.Start, TestData.Start.AddDays(1), 10_000, null, default)).Samples.Count);
    }

    [Fact]
    public async Task OnceTheBatchIsWritten_ItsAcceptedRecordsGo_OnBothNodes()
    {
        var time = new FakeTimeProvider(TestData.Start.AddDays(1));
        var settings = new Dictionary<string, string?> { ["batchSize"] = "100" };
        var bus = new HostTagBus();
        var primaryContext = new ModuleTestContext("Historian", settings, "hist", time, output, node: "primary", dataDirectory: _dir.Combine("primary"), bus: bus);
        var backupContext = new ModuleTestContext("Historian", settings, "hist", time, output, node: "backup", dataDirectory: _dir.Combine("backup"), bus: new HostTagBus());
        await using var primary = ModuleFactory.Create<HistorianModule>(primaryContext);
        await using var backup = ModuleFactory.Create<HistorianModule>(backupContext);
        var primaryAccepted = primaryContext.Registry.Get("historian/hist/accepted");
        var backupAccepted = backupContext.Registry.Get("historian/hist/accepted");
        primaryContext.Gate.Set(new RoleState(RedundancyMode.Primary, NodeRole.Active, 1, "test", TestData.Start));
        await primary.StartAsync(primaryContext, default);
        foreach (var v in TestData.Interleaved(2, 1000))
            await bus.PublishAsync(v, default);

        await primary.StopAsync(default);
        await ReplicateAsync(primaryAccepted, backupAccepted);

        Assert.Empty(await AcceptedValuesAsync(primaryAccepted, "primary"));
        Assert.Empty(await AcceptedValuesAsync(backupAccepted, "primary"));
        Assert.True((await primaryAccepted.ReadAsync("primary", 0, 1000, default)).Count <= 2, "only the first record and the last commit mark stay");
        backupContext.Gate.Set(new RoleState(RedundancyMode.Backup, NodeRole.Active, 2, "primary lost", TestData.Start));
        await backup.StartAsync(backupContext, default);
        await backup.StopAsync(default);
        Assert.Empty((await backupContext.NodeServices.Get<IHistoryService>()!.QueryRawAsync("plant/tag0", TestData.Start, TestData.Start.AddDays(1), 10_000, null, default)).Samples);
    }

    /// <summary>The values an origin's accepted-values records hold after its last commit mark.</summary>
    private static async Task<List<TagValue>> AcceptedValuesAsync(IJournal journal, string origin)
    {
        var records = await journal.ReadAsync(origin, 0, 100_000, default);
        var lastMark = records.LastOrDefault(r => r.Payload.Span[0] == 2)?.Sequence ?? 0;
        return [.. records.Where(r => r.Sequence > lastMark && r.Payload.Span[0] == 1)
            .SelectMany(r => N3Host.Plugins.Historian.Encoding.ValueBatchCodec.Decode(r.Payload.Span[1..]))];
    }
}
