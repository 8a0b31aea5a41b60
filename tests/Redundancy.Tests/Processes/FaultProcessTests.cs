using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>
/// The pair under real faults, with both cores kept busy by a load generator: backup restarts, a cut cable (a TCP relay the
/// test owns) with and without a witness (a real Mosquitto), freezes, different timeouts. Both nodes' APIs are polled every
/// 10 ms, as a dashboard would, to check that two nodes never answer active at once.
/// </summary>
// Beside the journal-plugin process tests, never at the same time: this class keeps both cores busy on purpose, and their
// one-record-per-round-trip syncs would then run past their bounds (seen in CI).
[Collection(JournalPluginCollection.Name)]
public sealed class FaultProcessTests(ITestOutputHelper output)
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";
    private const string BackupActive = "Redundancy: Backup node is now Active";
    private const string Paired = "Redundancy: paired with node-a";

    /// <summary>Waits for a line of one node; on a timeout the failure shows both nodes' output.</summary>
    private static async Task<string> LineAsync(ProcessPair pair, NodeProcess node, int from, string fragment, int timeoutSeconds = 30)
    {
        try
        {
            return await ProcessPair.LineAsync(node, from, fragment, timeoutSeconds);
        }
        catch (TimeoutException e)
        {
            var other = ReferenceEquals(node, pair.Primary) ? pair.Backup : pair.Primary;
            throw new TimeoutException($"{e.Message}\n--- the other node ({other?.Pid}), last 120 lines:\n{string.Join('\n', (other?.Lines ?? []).TakeLast(120))}", e);
        }
    }

    private static RolePoller Poll10Ms(ProcessPair pair) =>
        new(TimeSpan.FromMilliseconds(10), ("node-a", pair.PrimaryApiPort, pair.PrimaryData), ("node-b", pair.BackupApiPort, pair.BackupData));

    private static string Rounds(RolePoller poller, IEnumerable<RoleSample[]> rounds) =>
        string.Join('\n', rounds.Take(5).Select(r => string.Join(" | ", r.Select(s => $"{s.Node} {s.At.TotalMilliseconds:0} ms {s.Role} term {s.Term}: {s.Reason}"))));

    [Fact]
    public async Task BackupRestarted50Times_UnderLoad_ThePrimaryNeverLeavesActive_AndTheBackupIsNeverActive()
    {
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 1_000, initialStandbyMs: 500);
        var primary = pair.StartPrimary();
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        using var load = CpuLoad.OnEveryCore();
        await using var poller = Poll10Ms(pair);

        for (var i = 0; i < 50; i++)
        {
            var backup = pair.StartBackup();
            await LineAsync(pair, backup, 0, Paired, timeoutSeconds: 60);
            Assert.DoesNotContain(backup.Lines, l => l.Contains(BackupActive, StringComparison.Ordinal));
            backup.Kill();
            await backup.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await backup.DisposeAsync();
        }

        var lines = primary.Lines;
        var activated = lines.ToList().FindIndex(l => l.Contains(PrimaryActive, StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains(PrimaryActive, StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Skip(activated), l => l.Contains("Primary node is now Standby", StringComparison.Ordinal));
        Assert.DoesNotContain(poller.Answers("node-b"), a => a.Role == "Active");
        Assert.All(poller.Answers("node-a"), a => Assert.True(a is { Role: "Active", Term: 1 }, a.ToString()));
        output.WriteLine($"{poller.Rounds.Count} polling rounds, {poller.Answers("node-b").Count} answers of the backup");
    }

    [Fact]
    public async Task CableCut20Times_WithAWitness_ExactlyOneNodeIsActiveAtEverySample()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 1_000, witness: broker.Uri, relay: true);
        pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(pair.Primary!, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, Paired);
        await ProcessPair.LineAsync(backup, 0, "witness mqtt://127.0.0.1");
        using var load = CpuLoad.OnEveryCore();
        await using var poller = Poll10Ms(pair);

        for (var i = 0; i < 20; i++)
        {
            var lines = backup.Lines.Count;
            pair.Relay!.BlackHole();
            await ProcessPair.LineAsync(backup, lines, "Redundancy: link to node-a");
            await Task.Delay(300);
            lines = backup.Lines.Count;
            pair.Relay.Restore();
            await ProcessPair.LineAsync(backup, lines, Paired);
        }

        var overlaps = poller.Overlaps();
        Assert.True(overlaps.Count == 0, $"two active nodes at once:\n{string.Join('\n', overlaps)}\nrounds:\n{Rounds(poller, poller.TwoActive())}");
        Assert.DoesNotContain(backup.Lines, l => l.Contains(BackupActive, StringComparison.Ordinal));
        Assert.All(poller.Answers("node-a"), a => Assert.True(a is { Role: "Active", Term: 1 }, a.ToString()));
        Assert.Contains(backup.Lines, l => l.Contains("the witness shows the primary node-a alive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CableCut_WithoutAWitness_BothNodesAreActiveWhileItLasts_AndOneAfter_AsTheDocsSay()
    {
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 1_000, relay: true);
        pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(pair.Primary!, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, Paired);
        await using var poller = Poll10Ms(pair);

        var lines = backup.Lines.Count;
        pair.Relay!.BlackHole();
        await ProcessPair.LineAsync(backup, lines, BackupActive);
        Assert.Equal("active", await NodeQueries.RoleAsync(pair.PrimaryConfig));
        await Hosting.Poll.UntilAsync(() => poller.Overlaps().Count > 0, "the poller sees both nodes active at once", diagnostics: () => string.Join('\n', poller.ActivePeriods()));
        lines = backup.Lines.Count;
        pair.Relay.Restore();

        await ProcessPair.LineAsync(backup, lines, "Redundancy: Backup node is now Standby");
        await Eventually.TrueAsync(async () => await NodeQueries.RoleAsync(pair.PrimaryConfig) == "active" && await NodeQueries.RoleAsync(pair.BackupConfig) == "standby",
            TimeSpan.FromSeconds(30), "the primary active and the backup standby again");
    }

    [Fact]
    public async Task PrimaryFrozenAndResumed20Times_WithAWitness_NeverTwoActive_AndNoValueTheResumedPrimaryMadeAfterTheBackupsActivationIsTakenAsCurrent()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 1_000, witness: broker.Uri, sampling: true);
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, Paired);
        using var load = CpuLoad.OnEveryCore();
        await using var poller = Poll10Ms(pair);

        for (var i = 0; i < 20; i++)
        {
            var backupLines = backup.Lines.Count;
            var primaryLines = primary.Lines.Count;
            primary.Freeze();
            await LineAsync(pair, backup, backupLines, BackupActive);
            primary.Resume();
            await LineAsync(pair, primary, primaryLines, "Redundancy: Primary node is now Standby");
            await LineAsync(pair, primary, primaryLines, PrimaryActive);
            await LineAsync(pair, backup, backupLines, Paired);
        }

        var overlaps = poller.Overlaps();
        if (overlaps.Count > 0)
        {
            output.WriteLine($"--- primary:\n{primary.Output}\n--- backup:\n{backup.Output}");
        }

        Assert.True(overlaps.Count == 0, $"two active nodes at once:\n{string.Join('\n', overlaps)}\nrounds:\n{Rounds(poller, poller.TwoActive())}");
        Assert.Contains(primary.Lines, l => l.Contains("fenced: this node was frozen for", StringComparison.Ordinal));

        // No value the primary made in an older term than the backup's while the backup was active (stamped inside one of the
        // backup's active periods) is what the history shows: the fence refused it before it was published, or the backup's
        // value of the higher term won. (Its first sample after it took the role back is stamped at the period's boundary,
        // which can be a little before; that one is of the newer term and rightly shown.)
        var backupPeriods = RoleLog.ActivePeriods(backup.Lines, BackupActive, "Redundancy: Backup node is now Standby");
        Assert.Equal(20, backupPeriods.Count);
        var stale = await StoredAsync(pair, "a", origin: "node-a", within: backupPeriods);
        Assert.True(stale.Count == 0, $"{stale.Count} values of the primary stamped while the backup was active are shown: {string.Join(", ", stale.Take(10))}");
        output.WriteLine($"refused while not active (primary): {(await HostCli.RunAsync("status", "--config", pair.PrimaryConfig, "--json")).StdOut.Split('\n').FirstOrDefault(l => l.Contains("refusedNotActive", StringComparison.Ordinal))}");
    }

    /// <summary>
    /// The shown (not superseded, not repeated) counter values in one node's history file that came from <paramref name="origin"/>
    /// with a source time inside one of the periods and a term below that period's, read from a copy of the SQLite file on disk
    /// by the historian's own store.
    /// </summary>
    private static async Task<List<DateTimeOffset>> StoredAsync(ProcessPair pair, string node, string origin, List<(DateTimeOffset From, DateTimeOffset To, long Term)> within)
    {
        var file = Path.Combine(Path.GetDirectoryName(node == "a" ? pair.PrimaryConfig : pair.BackupConfig)!, "data", "modules", "history", "history.db");
        using var copy = new TempDirectory("fault-history");
        foreach (var suffix in new[] { "", "-wal" })
        {
            if (File.Exists(file + suffix))
                File.Copy(file + suffix, copy.Combine("history.db" + suffix));
        }

        await using var store = new N3Host.Plugins.Historian.Sqlite.SqliteHistoryStore(copy.Combine("history.db"), "reader", () => 0, TimeProvider.System);
        var values = await store.QueryProvenanceAsync(SamplingConfig.Counter, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddDays(-1), CancellationToken.None);
        return values
            .Where(v => v.Shown && v.Origin == origin && within.Any(p => v.Value.SourceTime > p.From && v.Value.SourceTime < p.To && v.Term < p.Term))
            .Select(v => v.Value.SourceTime)
            .ToList();
    }

    [Fact]
    public async Task DifferentTimeoutsOnTheTwoNodes_AreAgreed_AndThePairDoesNotFlap()
    {
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 200, backupConnectionTimeoutMs: 1_000);
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, Paired);
        using var load = CpuLoad.OnEveryCore();

        await Task.Delay(TimeSpan.FromSeconds(8));

        Assert.Contains(primary.Lines, l => l.Contains("the nodes' timeouts differ", StringComparison.Ordinal));
        Assert.Single(primary.Lines, l => l.Contains(PrimaryActive, StringComparison.Ordinal));
        Assert.DoesNotContain(backup.Lines, l => l.Contains(BackupActive, StringComparison.Ordinal));
        var status = await HostCli.RunAsync("status", "--config", pair.BackupConfig, "--json");
        Assert.Contains("\"connectionTimeoutMs\": 1000", status.StdOut);
    }
}
