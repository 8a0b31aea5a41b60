using System.Globalization;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Processes;

/// <summary>
/// Issue 7's last assertion, with real processes: a remote node linked through its RedundancyAgent to a redundant pair
/// whose nodes each run a Historian (embedded store). SIGKILL of the primary: the link resumes to the backup, and the
/// backup's history of the linked counter holds every value the remote node produced (as the remote node's own
/// historian recorded them), each once; after the primary is back, it holds the same history.
/// </summary>
public sealed class PairHistoryThroughAgentProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string LinkedCounter = AgentLinkedPair.LinkedCounter;
    private const string SourceCounter = "sim/counter";
    private const int PeriodMs = 20;

    [Fact]
    public async Task PrimaryKilled_LinkResumesToTheBackup_PairHistoryHoldsEveryRemoteValueOnce()
    {
        var testStart = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var pair = await AgentLinkedPair.CreateAsync("n3host-links-pair-history", periodMs: PeriodMs, centralHistorian: new { store = "sqlite", batchSize = 10, flushIntervalMs = 100 });
        var (alpha, beta, site1) = (pair.Alpha, pair.Beta, pair.Site1);

        var alphaProcess = alpha.Start();
        try
        {
            await using var betaProcess = beta.Start();
            await using var siteProcess = site1.Start();
            using var siteApi = new NodeApi(site1.ApiPort, site1.Config.DataDirectory);

            await Eventually.TrueAsync(async () => await siteApi.LinkPeerAsync() == "alpha", Patience, "site1's link reaches alpha, the active primary, through the agent\n" + siteProcess.Output + "\n" + alphaProcess.Output);
            await Eventually.TrueAsync(async () => (await HistoryAsync(alpha.ConfigPath, LinkedCounter, testStart, DateTimeOffset.UtcNow.AddMinutes(1))).Count >= 100, Patience,
                "alpha's historian stores at least 100 of site1's linked counter values\n" + alphaProcess.Output);

            var killed = DateTimeOffset.UtcNow;
            alphaProcess.Kill();
            await alphaProcess.WaitForExitAsync(Patience);
            await Eventually.TrueAsync(async () => await siteApi.LinkPeerAsync() == "beta", Patience, "site1's link resumes to beta through the agent\n" + siteProcess.Output + "\n" + betaProcess.Output);
            var resumed = DateTimeOffset.UtcNow;
            output.WriteLine($"link resumed to beta {(resumed - killed).TotalMilliseconds:0} ms after SIGKILL of alpha");
            await Eventually.TrueAsync(async () => (await HistoryAsync(beta.ConfigPath, LinkedCounter, resumed, DateTimeOffset.UtcNow.AddMinutes(1))).Count >= 250, Patience,
                "beta's historian stores at least 250 linked counter values (5 s) of its own after the failover\n" + betaProcess.Output);

            // A window that ends safely before now: every value site1 produced in it has had seconds to arrive.
            var to = DateTimeOffset.UtcNow.AddSeconds(-3);
            var produced = await HistoryAsync(site1.ConfigPath, SourceCounter, testStart, to);
            List<(DateTimeOffset Time, long Value)> history = [];
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    history = await HistoryAsync(beta.ConfigPath, LinkedCounter, testStart, to);
                    return history.SequenceEqual(produced);
                }, TimeSpan.FromSeconds(15), "beta holds every value site1 produced");
            }
            catch (TimeoutException)
            {
                // The assertions below say what is wrong, and where.
            }

            Report("beta", produced, history, killed);
            Exception? betaFailure = null;
            try
            {
                AssertEveryValueOnce("beta", produced, history, killed, resumed);
            }
            catch (Exception e)
            {
                betaFailure = e; // reported after the failback, which shows whether the pair's history is whole again
            }

            Assert.Equal(0, (await siteApi.SectionAsync("links:to-central"))?["overflowed"]?.GetValue<long>());

            // The primary comes back, takes what the backup stored, and becomes active: it holds the same history.
            await using var alphaAgain = alpha.Start();
            await Eventually.TrueAsync(async () => await RoleAsync(alpha.ConfigPath) == "active", Patience, "the restarted alpha is active again\n" + alphaAgain.Output);
            List<(DateTimeOffset Time, long Value)> alphaHistory = [];
            List<(DateTimeOffset Time, long Value)> betaAfter = [];
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    alphaHistory = await HistoryAsync(alpha.ConfigPath, LinkedCounter, testStart, to);
                    betaAfter = await HistoryAsync(beta.ConfigPath, LinkedCounter, testStart, to);
                    return alphaHistory.SequenceEqual(betaAfter);
                }, TimeSpan.FromSeconds(30), "alpha, back and active, holds the same history of the linked counter as beta");
            }
            catch (TimeoutException)
            {
            }

            Report("alpha after the failback", produced, alphaHistory, killed);
            Report("beta after the failback", produced, betaAfter, killed);
            if (betaFailure is not null)
                throw betaFailure;
            Assert.Equal(produced, alphaHistory);
            Assert.Equal(produced, betaAfter);
        }
        finally
        {
            await alphaProcess.DisposeAsync();
        }
    }

    private void Report(string node, List<(DateTimeOffset Time, long Value)> produced, List<(DateTimeOffset Time, long Value)> history, DateTimeOffset killed)
    {
        output.WriteLine($"{node}: {history.Count} values of {LinkedCounter} (site1 produced {produced.Count} in the window)"
            + (history.Count > 0 ? $", {history[0].Value} ({history[0].Time:HH:mm:ss.fff}) to {history[^1].Value} ({history[^1].Time:HH:mm:ss.fff})" : "")
            + $", {history.Count(v => v.Time < killed)} with source times before the kill at {killed:HH:mm:ss.fff}");
        var held = history.ToHashSet();
        foreach (var missing in produced.Where(v => !held.Contains(v)).Take(50))
            output.WriteLine($"{node}: MISSING {missing.Value} at {missing.Time:HH:mm:ss.fff}");
        foreach (var twice in history.GroupBy(v => v).Where(g => g.Count() > 1).Take(50))
            output.WriteLine($"{node}: STORED {twice.Count()} TIMES: {twice.Key.Value} at {twice.Key.Time:HH:mm:ss.fff}");
    }

    private static void AssertEveryValueOnce(string node, List<(DateTimeOffset Time, long Value)> produced, List<(DateTimeOffset Time, long Value)> history, DateTimeOffset killed, DateTimeOffset resumed)
    {
        Assert.True(produced.Count > 0, $"site1's own history holds no {SourceCounter}");
        var duplicates = history.Count - history.Distinct().Count();
        Assert.True(duplicates == 0, $"{node}: {duplicates} values stored more than once; see the test output for which");
        var missing = produced.Except(history).Count();
        Assert.True(missing == 0, $"{node}: {missing} of the {produced.Count} values site1 produced are missing; see the test output for which");
        Assert.Equal(produced, history);
        Assert.True(history.Count(v => v.Time < killed) >= 100, $"{node}: the values from before the kill (stored by alpha) are there");
        Assert.True(history.Count(v => v.Time > resumed) >= 50, $"{node}: the values after the failover (stored by beta) are there");
    }

    /// <summary>Raw history of a counter tag: (source time, value), oldest first.</summary>
    private static async Task<List<(DateTimeOffset Time, long Value)>> HistoryAsync(string config, string tag, DateTimeOffset from, DateTimeOffset to) =>
        [.. (await NodeQueries.HistoryAsync(config, tag, from, to)).Select(s => (s.Time, (long)double.Parse(s.Value, CultureInfo.InvariantCulture)))];

    private static Task<string?> RoleAsync(string config) => NodeQueries.RoleAsync(config);
}
