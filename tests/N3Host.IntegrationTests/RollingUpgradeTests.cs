using System.Diagnostics;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.IntegrationTests;

/// <summary>
/// docs/upgrade.md's procedure on a real pair, with both cores kept busy: a primary A and a backup B run the published install
/// (0.1.0), each with a 100 ms counter (ActiveOnly) and a historian; B is upgraded to a patch release (0.1.1, built apart by
/// <see cref="PatchRelease"/>), the active role handed to it (<c>n3host failover</c>), A upgraded, and A takes back by failback.
/// Both nodes' APIs are polled every 10 ms throughout, as a dashboard would.
/// </summary>
[Collection(PublishedHostCollection.Name)]
public sealed class RollingUpgradeTests(PublishedHost oldRelease, PatchRelease newRelease, ITestOutputHelper output)
{
    private const string OldVersion = "0.1.0";
    private const int PeriodMs = 100;
    private const string PrimaryActive = "Redundancy: Primary node is now Active";
    private const string PrimaryStandby = "Redundancy: Primary node is now Standby";
    private const string BackupActive = "Redundancy: Backup node is now Active";
    private const string BackupStandby = "Redundancy: Backup node is now Standby";
    private const string SimulatorStarted = "Simulator sim started";

    /// <summary>
    /// A value stamped this long before its node's change to standby was accepted before it: the ones stamped later may be refused
    /// (the node is no longer active when they are published; <c>refusedNotActive</c>), by design, in the hand-over.
    /// </summary>
    private const int AcceptedBeforeStandbyMs = 250;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task PatchUpgradeOneNodeAtATime_AsTheDocsSay_UnderLoad_NeverTwoActive_OneActiveOutsideTheHandOvers_AndNoValueLost()
    {
        var clock = Stopwatch.StartNew();
        var built = await newRelease.InstallAsync();
        var waited = clock.Elapsed;
        var version = await HostCli.RunExecutableAsync(newRelease.Executable, ["--version"]);
        Assert.True(version.ExitCode == 0 && version.StdOut.Trim().StartsWith(PatchRelease.Version, StringComparison.Ordinal), $"n3host --version of the patch release: {version.Output}");

        await using var pair = await ProcessPair.CreateAsync(sampling: true, connectionTimeoutMs: 3_000, initialStandbyMs: 10_000);
        var nodes = new List<NodeProcess>();
        try
        {
            var testFrom = DateTimeOffset.UtcNow;
            var a1 = Started(nodes, pair.StartPrimary(oldRelease.Executable));
            var b1 = Started(nodes, pair.StartBackup(oldRelease.Executable));
            await LineAsync(pair, a1, PrimaryActive);
            await LineAsync(pair, b1, "Redundancy: paired with node-a");

            using var load = CpuLoad.OnEveryCore();
            await using var poller = new RolePoller(TimeSpan.FromMilliseconds(10),
                ("node-a", pair.PrimaryApiPort, pair.PrimaryData), ("node-b", pair.BackupApiPort, pair.BackupData));
            using var apiA = NodeApiClient.Create(pair.PrimaryApiPort, pair.PrimaryData, TimeSpan.FromSeconds(10));
            using var apiB = NodeApiClient.Create(pair.BackupApiPort, pair.BackupData, TimeSpan.FromSeconds(10));
            var pollFrom = DateTimeOffset.UtcNow;

            // 1. Check the pair: the peer connected and the sync caught up, on A.
            await StatusWhenAsync(apiA, pair, s => Redundancy(s)?["peer"]?["connected"]?.GetValue<bool>() == true && Outbound(s)?["caughtUp"]?.GetValue<bool>() == true,
                "A sees the peer connected and its outbound sync caught up");

            // 2. Upgrade the backup B: stop it (SIGTERM, as systemctl stop), start the new release on the same configuration and data.
            var step = Stopwatch.StartNew();
            b1.Terminate();
            Assert.Equal(0, await b1.WaitForExitAsync(Patience));
            var bStopped = DateTimeOffset.UtcNow;

            // A records on alone for a while: what B must catch up with.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var b2 = Started(nodes, pair.StartBackup(newRelease.Executable));
            var b2From = DateTimeOffset.UtcNow;
            var skewLine = await LineAsync(pair, b2, "Redundancy: patch versions differ between node-b (here) and node-a (there)");
            Assert.Contains($"host {PatchRelease.Version} here, {OldVersion} there", skewLine);
            var bSkewed = await StatusWhenAsync(apiB, pair, s => Skew(s) is not null && Inbound(s)?["caughtUp"]?.GetValue<bool>() == true
                && Inbound(s)?["caughtUpAt"] is JsonValue at && DateTimeOffset.Parse(at.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > b2From,
                "B (new release) is paired, shows versionSkew, and has caught up with what A recorded while it was stopped");
            var aSkewed = await StatusWhenAsync(apiA, pair, s => Skew(s) is not null, "A (old release) shows versionSkew");
            Assert.Equal(PatchRelease.Version, bSkewed["hostVersion"]!.GetValue<string>());
            Assert.Equal(OldVersion, aSkewed["hostVersion"]!.GetValue<string>());
            Assert.Equal("standby", Redundancy(bSkewed)!["role"]!.GetValue<string>());
            Assert.Null(Redundancy(bSkewed)!["versionMismatch"]);
            Assert.Null(Redundancy(aSkewed)!["versionMismatch"]);
            Assert.Contains(Skew(aSkewed)!["differences"]!.AsArray(), d => Text(d, "component") == "host" && Text(d, "here") == OldVersion && Text(d, "there") == PatchRelease.Version);
            Assert.Contains(Skew(bSkewed)!["differences"]!.AsArray(), d => Text(d, "component") == "host" && Text(d, "here") == PatchRelease.Version && Text(d, "there") == OldVersion);
            output.WriteLine($"step 2 (B upgraded, caught up): {step.Elapsed.TotalSeconds:0.0} s; B was stopped {(b2From - bStopped).TotalSeconds:0.0} s");

            // 3. Hand the active role to B: n3host failover on A, with A's own (old) install.
            step.Restart();
            var failoverAt = DateTimeOffset.UtcNow;
            var b2Lines = b2.Lines.Count;
            var a1Lines = a1.Lines.Count;
            var failover = await HostCli.RunExecutableAsync(oldRelease.Executable, ["failover", "--config", pair.PrimaryConfig]);
            Assert.True(failover.ExitCode == 0, failover.Output);
            Assert.Contains("node-b takes the active role", failover.StdOut);
            await LineAsync(pair, b2, BackupActive, b2Lines);
            await LineAsync(pair, a1, PrimaryStandby, a1Lines);
            var bActiveSeen = DateTimeOffset.UtcNow;
            output.WriteLine($"step 3 (failover): {step.Elapsed.TotalSeconds:0.0} s");

            // 4. Upgrade the primary A: stop it, start the new release; it pairs, takes over what B recorded, and goes active (failback: automatic).
            step.Restart();
            a1.Terminate();
            Assert.Equal(0, await a1.WaitForExitAsync(Patience));
            await Task.Delay(TimeSpan.FromSeconds(2));
            b2Lines = b2.Lines.Count;
            var a2From = DateTimeOffset.UtcNow;
            var a2 = Started(nodes, pair.StartPrimary(newRelease.Executable));
            var active = await LineAsync(pair, a2, PrimaryActive);
            Assert.Contains("failback", active);
            await LineAsync(pair, b2, BackupStandby, b2Lines);
            var aActiveSeen = DateTimeOffset.UtcNow;
            var handedOver = a2.Lines.ToList().FindIndex(l => l.Contains("Failback hand-over: applied everything node-b held", StringComparison.Ordinal));
            Assert.True(handedOver >= 0 && handedOver < a2.Lines.ToList().FindIndex(l => l.Contains(PrimaryActive, StringComparison.Ordinal)),
                $"A went active after the failback's hand-over:\n{a2.Output}");
            output.WriteLine($"step 4 (A upgraded, failback): {step.Elapsed.TotalSeconds:0.0} s");

            // 5. Check: both run the new release, no versionSkew, the peer connected, the sync caught up.
            step.Restart();
            var aFinal = await StatusWhenAsync(apiA, pair, s => Skew(s) is null && Redundancy(s)?["peer"]?["connected"]?.GetValue<bool>() == true
                && Outbound(s)?["caughtUp"]?.GetValue<bool>() == true, "A: no versionSkew, the peer connected, the sync caught up");
            var bFinal = await StatusWhenAsync(apiB, pair, s => Skew(s) is null && Redundancy(s)?["peer"]?["connected"]?.GetValue<bool>() == true
                && Inbound(s)?["caughtUp"]?.GetValue<bool>() == true, "B: no versionSkew, the peer connected, the sync caught up");
            Assert.Equal(PatchRelease.Version, aFinal["hostVersion"]!.GetValue<string>());
            Assert.Equal(PatchRelease.Version, bFinal["hostVersion"]!.GetValue<string>());
            Assert.Equal("active", Redundancy(aFinal)!["role"]!.GetValue<string>());
            Assert.Equal("standby", Redundancy(bFinal)!["role"]!.GetValue<string>());
            foreach (var config in new[] { pair.PrimaryConfig, pair.BackupConfig })
            {
                var status = await HostCli.RunExecutableAsync(newRelease.Executable, ["status", "--config", config]);
                Assert.True(status.ExitCode == 0 && status.StdOut.Contains($"n3host {PatchRelease.Version},", StringComparison.Ordinal), status.Output);
            }

            // Let the counter run on A a little, then stop polling.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var end = DateTimeOffset.UtcNow;
            await poller.DisposeAsync();
            output.WriteLine($"step 5 (checked): {step.Elapsed.TotalSeconds:0.0} s");

            AssertRoles(poller, pollFrom, failoverAt, bActiveSeen, a2From, aActiveSeen, end);

            // Nothing lost: every value either node stored is on A (the active node at the end), and every value the counter made
            // while a node was active, bar the edges of the hand-overs and the periods a late simulator skipped (it logs them), is on A.
            var to = end.AddSeconds(-1);
            var onA = await HistoryThroughAsync(pair.PrimaryConfig, testFrom.AddSeconds(-5), to, "A");
            var onB = await HistoryThroughAsync(pair.BackupConfig, testFrom.AddSeconds(-5), to, "B");
            var aTimes = onA.Select(s => s.Time).ToList();
            Assert.True(aTimes.Count == aTimes.Distinct().Count(), "A's history shows a value twice for one source time");
            var aSet = onA.ToHashSet();
            var onlyOnB = onB.Where(s => !aSet.Contains(s)).ToList();
            Assert.True(onlyOnB.Count == 0, $"{onlyOnB.Count} values stored on B are not on A: {string.Join(", ", onlyOnB.Take(20).Select(s => $"{s.Time:HH:mm:ss.fff}={s.Value}"))}");

            var skipped = RoleLog.SkippedTicks(nodes.SelectMany(n => n.Lines), PeriodMs);
            var made = Made(a1, PrimaryStandby, to).Concat(Made(b2, BackupStandby, to)).Concat(Made(a2, PrimaryStandby, to)).ToList();
            Assert.DoesNotContain(b1.Lines, l => l.Contains(SimulatorStarted, StringComparison.Ordinal));
            var stored = aTimes.Select(t => t.ToUnixTimeMilliseconds() / PeriodMs).ToHashSet();
            var missing = made.SelectMany(p => Ticks(p.First, p.Last)).Where(t => !stored.Contains(t) && !skipped.Contains(t)).ToList();
            Assert.True(missing.Count == 0,
                $"{missing.Count} values the counter made are not on A: {string.Join(", ", missing.Take(20).Select(t => $"{DateTimeOffset.FromUnixTimeMilliseconds(t * PeriodMs):HH:mm:ss.fff}"))}");

            // And B, the standby, holds the same.
            var bSet = onB.ToHashSet();
            var notOnB = onA.Where(s => !bSet.Contains(s)).ToList();
            Assert.True(notOnB.Count == 0, $"{notOnB.Count} values on A are not on B: {string.Join(", ", notOnB.Take(20).Select(s => $"{s.Time:HH:mm:ss.fff}"))}");

            output.WriteLine($"{onA.Count} values on A from {made.Count} active periods ({made.Sum(p => p.Last - p.First + 1)} ticks checked, {skipped.Count} skipped by a late simulator); "
                + $"gaps on A over {PeriodMs} ms: {string.Join(", ", Gaps(aTimes))}");
            output.WriteLine($"patch release built in {built.TotalSeconds:0} s (the test waited {waited.TotalSeconds:0} s for it); the test took {clock.Elapsed.TotalSeconds:0} s");
        }
        finally
        {
            // The pair stops the nodes it runs now; the ones they replaced have exited.
            foreach (var node in nodes.Where(n => n != pair.Primary && n != pair.Backup))
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The pair's roles as the poller saw them: never two active nodes at once; A alone active until the failover, B alone active from
    /// then until A was restarted, A active again after the failback; no moment without an active node but in those two hand-overs.
    /// </summary>
    private void AssertRoles(RolePoller poller, DateTimeOffset pollFrom, DateTimeOffset failoverAt, DateTimeOffset bActiveSeen, DateTimeOffset a2From,
        DateTimeOffset aActiveSeen, DateTimeOffset end)
    {
        var overlaps = poller.Overlaps();
        Assert.True(overlaps.Count == 0, $"two active nodes at once:\n{string.Join('\n', overlaps)}");

        AssertAnswers(poller, "node-a", pollFrom, failoverAt, "Active", "A before the failover");
        AssertAnswers(poller, "node-b", pollFrom, failoverAt, "Standby", "B before the failover");
        AssertAnswers(poller, "node-b", bActiveSeen, a2From, "Active", "B between the failover and A's restart");
        AssertAnswers(poller, "node-a", bActiveSeen, a2From, "Standby", "A between the failover and its restart");
        AssertAnswers(poller, "node-a", aActiveSeen, end, "Active", "A after the failback");
        AssertAnswers(poller, "node-b", aActiveSeen, end, "Standby", "B after the failback");

        // The moments no answer proves an active node (from the last answer of the node that was active to the new active node's
        // change of role): at most one in each hand-over, ending inside it (the answers above show an active node up to its start).
        var gaps = NoActive(poller.ActivePeriods());
        var handOvers = new[] { (Name: "failover", From: failoverAt, To: bActiveSeen), (Name: "failback", From: a2From, To: aActiveSeen) };
        var windows = string.Join("; ", handOvers.Select(h => $"{h.Name} {h.From:HH:mm:ss.fff}..{h.To:HH:mm:ss.fff}"));
        foreach (var (from, to) in gaps)
        {
            Assert.True(handOvers.Any(h => to > h.From && to <= h.To), $"no active node from {from:HH:mm:ss.fff} to {to:HH:mm:ss.fff}, outside the hand-overs: {windows}");
        }

        Assert.All(handOvers, h => Assert.True(gaps.Count(g => g.To > h.From && g.To <= h.To) <= 1, $"more than one moment without an active node in the {h.Name}: {windows}"));

        Assert.True(poller.Answers("node-a").Count > 100 && poller.Answers("node-b").Count > 100, "the poller had answers from both nodes");
        output.WriteLine($"{poller.Rounds.Count} polling rounds; no active node: {string.Join(", ", gaps.Select(g => $"{(g.To - g.From).TotalMilliseconds:0} ms at {g.From:HH:mm:ss.fff}"))}");
    }

    /// <summary>Every answer <paramref name="node"/> gave to a request sent and answered between the two moments is <paramref name="role"/>.</summary>
    private static void AssertAnswers(RolePoller poller, string node, DateTimeOffset from, DateTimeOffset to, string role, string what)
    {
        var wrong = poller.Answers(node).Where(a => a.SentAt >= from && a.AnsweredAt <= to && a.Role != role).ToList();
        Assert.True(wrong.Count == 0, $"{what}: {wrong.Count} answers not {role}, first {wrong.FirstOrDefault()} (sent {wrong.FirstOrDefault()?.SentAt:HH:mm:ss.fff})");
    }

    /// <summary>The intervals between the first and the last active period that no node's active period covers.</summary>
    private static List<(DateTimeOffset From, DateTimeOffset To)> NoActive(IReadOnlyList<(string Node, long Term, DateTimeOffset From, DateTimeOffset To)> periods)
    {
        var gaps = new List<(DateTimeOffset, DateTimeOffset)>();
        DateTimeOffset? reach = null;
        foreach (var period in periods.OrderBy(p => p.From))
        {
            if (reach is { } covered && period.From > covered)
            {
                gaps.Add((covered, period.From));
            }

            reach = reach is { } r && r > period.To ? r : period.To;
        }

        return gaps;
    }

    /// <summary>
    /// The ticks a node's counter made and had accepted while it was active, as its log says: from the first period after its
    /// Simulator started to <see cref="AcceptedBeforeStandbyMs"/> before it turned standby (or <paramref name="openUntil"/>).
    /// </summary>
    private static IEnumerable<(long First, long Last)> Made(NodeProcess node, string standby, DateTimeOffset openUntil)
    {
        foreach (var (from, to, _) in RoleLog.ActivePeriods(node.Lines, SimulatorStarted, standby, openUntil))
        {
            var last = to == openUntil ? to : to.AddMilliseconds(-AcceptedBeforeStandbyMs);
            yield return ((from.ToUnixTimeMilliseconds() / PeriodMs) + 1, last.ToUnixTimeMilliseconds() / PeriodMs);
        }
    }

    private static IEnumerable<long> Ticks(long first, long last)
    {
        for (var tick = first; tick <= last; tick++)
        {
            yield return tick;
        }
    }

    private static IEnumerable<string> Gaps(List<DateTimeOffset> times) =>
        times.Zip(times.Skip(1)).Where(p => (p.Second - p.First).TotalMilliseconds > PeriodMs)
            .Select(p => $"{(p.Second - p.First).TotalMilliseconds:0} ms after {p.First:HH:mm:ss.fff}");

    /// <summary>The counter's history on a node once it holds values up to <paramref name="to"/> (its historian writes in batches).</summary>
    private static async Task<List<(DateTimeOffset Time, string Value)>> HistoryThroughAsync(string config, DateTimeOffset from, DateTimeOffset to, string node)
    {
        List<(DateTimeOffset Time, string Value)> history = [];
        await Eventually.TrueAsync(async () => (history = await NodeQueries.HistoryAsync(config, SamplingConfig.Counter, from, to.AddSeconds(5))).Any(s => s.Time >= to),
            Patience, $"{node} stores the counter up to {to:HH:mm:ss.fff}");
        return [.. history.Where(s => s.Time <= to)];
    }

    private static NodeProcess Started(List<NodeProcess> nodes, NodeProcess node)
    {
        nodes.Add(node);
        return node;
    }

    private static async Task<string> LineAsync(ProcessPair pair, NodeProcess node, string fragment, int from = 0)
    {
        try
        {
            return await ProcessPair.LineAsync(node, from, fragment, (int)Patience.TotalSeconds);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- both nodes:\n{pair.Output}", e);
        }
    }

    /// <summary>Polls <c>GET /api/status</c> until <paramref name="condition"/> holds; returns that status.</summary>
    private static async Task<JsonNode> StatusWhenAsync(HttpClient api, ProcessPair pair, Func<JsonNode, bool> condition, string because)
    {
        JsonNode? last = null;
        try
        {
            await Eventually.TrueAsync(async () => (last = JsonNode.Parse(await api.GetStringAsync(new Uri("api/status", UriKind.Relative)))) is { } status && condition(status),
                Patience, because);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nlast status: {last?.ToJsonString()}\n--- both nodes:\n{pair.Output}", e);
        }

        return last!;
    }

    private static JsonNode? Redundancy(JsonNode status) => status["services"]?["redundancy"];

    private static JsonNode? Skew(JsonNode status) => Redundancy(status)?["versionSkew"];

    private static JsonNode? Inbound(JsonNode status) => Redundancy(status)?["sync"]?["inbound"];

    private static JsonNode? Outbound(JsonNode status) => Redundancy(status)?["sync"]?["outbound"];

    private static string? Text(JsonNode? node, string name) => node?[name]?.GetValue<string>();
}
