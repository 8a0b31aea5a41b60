using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>
/// "Every value still there in the morning": a pair with a 100 ms counter and a historian on each node (batches written
/// once a second), the active node SIGKILLed 20 times at random moments with both cores busy, restarted each time.
/// </summary>
// Beside the journal-plugin process tests, never at the same time: this class keeps both cores busy on purpose, and their
// one-record-per-round-trip syncs would then run past their bounds (seen in CI).
[Collection(JournalPluginCollection.Name)]
public sealed class DurabilityProcessTests(ITestOutputHelper output)
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";
    private const int PeriodMs = 100;

    /// <summary>
    /// A sample stamped this long before a kill must be in the union of both histories: it was accepted (a few ms after its
    /// stamp) well before the kill, so the pair's accepted-values journal had it on the standby. Its batch was not written.
    /// </summary>
    private const int AcceptedBeforeKillMs = 250;

    [Fact]
    public async Task ActiveNodeKilled20TimesAtRandomMoments_BothHistoriesTogetherHoldEverySampleAcceptedBeforeEachKill_AndAfterFailbackBothHoldTheSame()
    {
        await using var pair = await ProcessPair.CreateAsync(sampling: true, flushIntervalMs: 1_000);
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
        using var load = CpuLoad.OnEveryCore();
        var seed = Environment.TickCount;
        output.WriteLine($"random seed {seed}");
        var random = new Random(seed);
        var kills = new List<(NodeProcess Node, DateTimeOffset Kill)>();
        var killed = new List<NodeProcess>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await Task.Delay(random.Next(1_200, 2_200));
                var backupLines = backup.Lines.Count;
                kills.Add((primary, DateTimeOffset.UtcNow));
                primary.Kill();
                killed.Add(primary);
                await ProcessPair.LineAsync(backup, backupLines, "Redundancy: Backup node is now Active");
                backupLines = backup.Lines.Count;
                primary = pair.StartPrimary();
                await ProcessPair.LineAsync(primary, 0, PrimaryActive, timeoutSeconds: 60);
                await ProcessPair.LineAsync(backup, backupLines, "Redundancy: Backup node is now Standby");
            }

            // Let the last values reach both nodes.
            await Task.Delay(3_000);
            var from = kills[0].Kill.AddSeconds(-10);
            var to = DateTimeOffset.UtcNow.AddSeconds(-1);
            var onPrimary = await NodeQueries.HistoryAsync(pair.PrimaryConfig, SamplingConfig.Counter, from, to);
            var onBackup = await NodeQueries.HistoryAsync(pair.BackupConfig, SamplingConfig.Counter, from, to);
            var union = onPrimary.Select(s => s.Time).Concat(onBackup.Select(s => s.Time)).ToHashSet();
            var excused = SkippedTicks(killed.Append(primary).Append(backup));

            var missing = Missing(kills, union, excused, backup);
            Assert.True(missing.Count == 0, $"{missing.Count} samples accepted before a kill are on neither node: {string.Join(", ", missing.Take(20))}");

            // After the last failback both nodes hold the same values.
            var settled = to.AddSeconds(-2);
            var primarySet = onPrimary.Where(s => s.Time < settled).ToHashSet();
            var backupSet = onBackup.Where(s => s.Time < settled).ToHashSet();
            Assert.True(primarySet.SetEquals(backupSet),
                $"the nodes differ: {primarySet.Except(backupSet).Count()} only on the primary, {backupSet.Except(primarySet).Count()} only on the backup");
            output.WriteLine($"{kills.Count} kills, {union.Count} samples in the union, {excused.Count} ticks skipped by a busy simulator");
        }
        finally
        {
            foreach (var node in killed)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task StandaloneNodeKilled5TimesAtRandomMoments_ItsHistoryHoldsEverySampleAcceptedBeforeEachKill()
    {
        using var folder = new TempDirectory("n3host-standalone-kill");
        var config = new NodeConfig("solo", folder.Combine("data"), FreePort.Get())
            .AddSampling(true, flushIntervalMs: 1_000)
            .WriteTo(folder.Combine("modules.json"));
        using var load = CpuLoad.OnEveryCore();
        var seed = Environment.TickCount;
        output.WriteLine($"random seed {seed}");
        var random = new Random(seed);
        var kills = new List<(NodeProcess Node, DateTimeOffset Kill)>();
        var nodes = new List<NodeProcess>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var node = NodeProcess.Start(config);
                nodes.Add(node);
                await ProcessPair.LineAsync(node, 0, "Simulator sim started", timeoutSeconds: 60);
                await Task.Delay(random.Next(1_200, 2_200));
                kills.Add((node, DateTimeOffset.UtcNow));
                node.Kill();
            }

            // The next start stores what the last incarnation had accepted and not written (its journal's replay).
            var last = NodeProcess.Start(config);
            nodes.Add(last);
            await ProcessPair.LineAsync(last, 0, "Simulator sim started", timeoutSeconds: 60);
            await Task.Delay(2_000);
            var history = await NodeQueries.HistoryAsync(config, SamplingConfig.Counter, kills[0].Kill.AddSeconds(-10), DateTimeOffset.UtcNow);
            var missing = Missing(kills, history.Select(s => s.Time).ToHashSet(), SkippedTicks(nodes), last);
            Assert.True(missing.Count == 0, $"{missing.Count} samples accepted before a kill are not in the history: {string.Join(", ", missing.Take(20))}");
            output.WriteLine($"{kills.Count} kills, {history.Count} samples stored");
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    /// <summary>
    /// The samples each killed incarnation's simulator made at least <see cref="AcceptedBeforeKillMs"/> before its kill that
    /// are not in <paramref name="stored"/> (ticks a busy simulator skipped excused), each with the logs around it.
    /// </summary>
    private List<string> Missing(List<(NodeProcess Node, DateTimeOffset Kill)> kills, HashSet<DateTimeOffset> stored, HashSet<long> excused, NodeProcess other)
    {
        var missing = new List<string>();
        foreach (var (node, kill) in kills)
        {
            // While that incarnation's simulator ran (its own log says when: it starts once the node is active, after the
            // historian; before that, in a hand-over, no node made samples): from its first period to the kill.
            foreach (var (since, until, _) in RoleLog.ActivePeriods(node.Lines, "Simulator sim started", "Simulator sim stopped", openUntil: kill))
            {
                var first = (since.ToUnixTimeMilliseconds() / PeriodMs) + 1;
                var last = (Math.Min(until.ToUnixTimeMilliseconds(), kill.ToUnixTimeMilliseconds() - AcceptedBeforeKillMs)) / PeriodMs;
                for (var tick = first; tick <= last; tick++)
                {
                    var time = DateTimeOffset.FromUnixTimeMilliseconds(tick * PeriodMs);
                    if (!stored.Contains(time) && !excused.Contains(tick))
                    {
                        missing.Add($"{time:HH:mm:ss.fff} (kill at {kill:HH:mm:ss.fff})");
                        output.WriteLine($"--- around {time:HH:mm:ss.fff}, the killed node:\n{Around(node, time)}\n--- the other node:\n{Around(other, time)}");
                    }
                }
            }
        }

        return missing;
    }

    private static string Around(NodeProcess node, DateTimeOffset time) =>
        string.Join('\n', node.Lines.Where(l => l.Length > 23 && char.IsDigit(l[0]) && Math.Abs((RoleLog.At(l) - time).TotalSeconds) < 1.5));

    /// <summary>The ticks a simulator skipped because it ran late (it logs each burst): nobody made those samples.</summary>
    private static HashSet<long> SkippedTicks(IEnumerable<NodeProcess> nodes) => RoleLog.SkippedTicks(nodes.SelectMany(n => n.Lines), PeriodMs);
}
