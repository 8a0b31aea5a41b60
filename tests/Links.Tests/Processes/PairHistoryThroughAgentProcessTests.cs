using System.Globalization;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Processes;

/// <summary>
/// Issue 7's last assertion, with real processes: a remote node linked through its RedundancyAgent to a redundant pair
/// whose nodes each run a Historian (embedded store). SIGKILL of the primary: the link resumes to the backup, and the
/// backup's history of the linked counter holds every value the remote node produced, each once; after the primary
/// is back, it holds the same history.
/// </summary>
public sealed class PairHistoryThroughAgentProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string LinkedCounter = AgentLinkedPair.LinkedCounter;
    private const int PeriodMs = 20;

    [Fact(Skip = "reproduces a known loss (issue 7, README \"Known loss\"): the link acknowledges values before the historian commits them, so a SIGKILL of the active central node loses the last 20-100 ms; fails in 5 of 7 runs until the acknowledgement waits for durable storage")]
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
            using var siteApi = new NodeApi(site1.ApiPort);

            await Eventually.TrueAsync(async () => await siteApi.LinkPeerAsync() == "alpha", Patience, "site1's link reaches alpha, the active primary, through the agent\n" + siteProcess.Output + "\n" + alphaProcess.Output);
            await Eventually.TrueAsync(async () => (await HistoryAsync(alpha.ConfigPath, testStart, DateTimeOffset.UtcNow.AddMinutes(1))).Count >= 100, Patience,
                "alpha's historian stores at least 100 of site1's linked counter values\n" + alphaProcess.Output);

            var killed = DateTimeOffset.UtcNow;
            alphaProcess.Kill();
            await alphaProcess.WaitForExitAsync(Patience);
            await Eventually.TrueAsync(async () => await siteApi.LinkPeerAsync() == "beta", Patience, "site1's link resumes to beta through the agent\n" + siteProcess.Output + "\n" + betaProcess.Output);
            var resumed = DateTimeOffset.UtcNow;
            output.WriteLine($"link resumed to beta {(resumed - killed).TotalMilliseconds:0} ms after SIGKILL of alpha");
            await Eventually.TrueAsync(async () => (await HistoryAsync(beta.ConfigPath, resumed, DateTimeOffset.UtcNow.AddMinutes(1))).Count >= 250, Patience,
                "beta's historian stores at least 250 linked counter values (5 s) of its own after the failover\n" + betaProcess.Output);

            // A window that ends safely before now: every value site1 produced in it has had seconds to arrive.
            var to = DateTimeOffset.UtcNow.AddSeconds(-3);
            List<(DateTimeOffset Time, long Value)> history = [];
            try
            {
                await Eventually.TrueAsync(async () =>
                {
                    history = await HistoryAsync(beta.ConfigPath, testStart, to);
                    return history.Count > 0 && history[^1].Value - history[0].Value + 1 == history.Count;
                }, TimeSpan.FromSeconds(15), "beta's history is contiguous");
            }
            catch (TimeoutException)
            {
                // The assertions below say what is wrong, and where.
            }

            var skipped = (await siteApi.SectionAsync("simulator:sim"))?["skippedPeriods"]?.GetValue<long>();
            Report("beta", history, killed, skipped);
            Exception? betaFailure = null;
            try
            {
                AssertEveryValueOnce("beta", history, killed, resumed, skipped);
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
                    alphaHistory = await HistoryAsync(alpha.ConfigPath, testStart, to);
                    betaAfter = await HistoryAsync(beta.ConfigPath, testStart, to);
                    return alphaHistory.SequenceEqual(betaAfter);
                }, TimeSpan.FromSeconds(30), "alpha, back and active, holds the same history of the linked counter as beta");
            }
            catch (TimeoutException)
            {
            }

            Report("alpha after the failback", alphaHistory, killed, skipped);
            Report("beta after the failback", betaAfter, killed, skipped);
            if (betaFailure is not null)
                throw betaFailure;
            Assert.Equal(history, alphaHistory);
            Assert.Equal(history, betaAfter);
        }
        finally
        {
            await alphaProcess.DisposeAsync();
        }
    }

    private void Report(string node, List<(DateTimeOffset Time, long Value)> history, DateTimeOffset killed, long? skipped)
    {
        output.WriteLine($"{node}: {history.Count} values of {LinkedCounter}"
            + (history.Count > 0 ? $", {history[0].Value} ({history[0].Time:HH:mm:ss.fff}) to {history[^1].Value} ({history[^1].Time:HH:mm:ss.fff})" : "")
            + $", {history.Count(v => v.Time < killed)} with source times before the kill; site1 skipped {skipped} sampling periods");
        foreach (var (a, b) in history.Zip(history.Skip(1)).Where(p => p.Second.Value != p.First.Value + 1))
        {
            output.WriteLine(b.Value <= a.Value
                ? $"{node}: DUPLICATE/out of order: {a.Value} at {a.Time:HH:mm:ss.fff} then {b.Value} at {b.Time:HH:mm:ss.fff}"
                : $"{node}: GAP: {b.Value - a.Value - 1} values missing between {a.Value} at {a.Time:HH:mm:ss.fff} and {b.Value} at {b.Time:HH:mm:ss.fff} (kill at {killed:HH:mm:ss.fff})");
        }
    }

    private static void AssertEveryValueOnce(string node, List<(DateTimeOffset Time, long Value)> history, DateTimeOffset killed, DateTimeOffset resumed, long? skipped)
    {
        Assert.True(history.Count > 0, $"{node} holds no history of {LinkedCounter}");

        // Each value is the one the simulator produced at its source time (sample k at k x 20 ms has value k mod range).
        Assert.All(history, v => Assert.Equal(v.Time.ToUnixTimeMilliseconds() / PeriodMs % AgentLinkedPair.CounterRange, v.Value));
        var duplicates = history.Count - history.Select(v => v.Value).Distinct().Count();
        Assert.True(duplicates == 0, $"{node}: {duplicates} counter values stored more than once");
        Assert.All(history.Zip(history.Skip(1)), p => Assert.True(p.First.Value < p.Second.Value, $"{node}: {p.First} then {p.Second}"));
        var missing = history[^1].Value - history[0].Value + 1 - history.Count;
        Assert.True(skipped == 0, $"site1's simulator skipped {skipped} periods: contiguity cannot tell link losses from skipped samples (missing {missing})");
        Assert.True(missing == 0, $"{node}: {missing} counter values missing between {history[0].Value} and {history[^1].Value} ({history.Count} stored); see the test output for where");
        Assert.True(history.Count(v => v.Time < killed) >= 100, $"{node}: the values from before the kill (stored by alpha) are there");
        Assert.True(history.Count(v => v.Time > resumed) >= 50, $"{node}: the values after the failover (stored by beta) are there");
    }

    /// <summary>Raw history of the linked counter from <c>n3host history --json</c>: (source time, value), oldest first.</summary>
    private static async Task<List<(DateTimeOffset Time, long Value)>> HistoryAsync(string config, DateTimeOffset from, DateTimeOffset to)
    {
        var result = await Cli.RunAsync("history", LinkedCounter, "--from", from.UtcDateTime.ToString("O"), "--to", to.UtcDateTime.ToString("O"),
            "--limit", "100000", "--json", "--config", config);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"n3host history failed ({result.ExitCode}): {result.Output}");
        var root = JsonNode.Parse(result.StdOut)!;
        if (root["nextCursor"] is JsonValue more && more.ToString().Length > 0)
            throw new InvalidOperationException($"more than one page of history for {LinkedCounter}");
        return [.. root["samples"]!.AsArray().Select(s => (
            DateTimeOffset.Parse(s!["sourceTime"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            (long)s["value"]!.GetValue<double>()))];
    }

    private static async Task<string?> RoleAsync(string config)
    {
        var result = await Cli.RunAsync("status", "--config", config, "--json");
        return result.ExitCode == 0 ? JsonNode.Parse(result.StdOut)?["services"]?["redundancy"]?["role"]?.GetValue<string>() : null;
    }

}
