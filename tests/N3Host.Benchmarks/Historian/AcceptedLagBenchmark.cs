using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;
using N3Host.Benchmarks.Sync;
using N3Host.Plugins.Historian.Accepted;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Sync.Tests;
using N3Host.Testing;

namespace N3Host.Benchmarks.Historian;

/// <summary>
/// How soon a value the historian accepted is on the standby: two accepted-values journals (their own SQLite files, as in
/// the module) replicated by the pair's sync engine over loopback TLS. Values are appended as the ingest pump does (what
/// arrived since the last read, one record every millisecond), a commit mark every second for what the standby holds; the lag of each value is
/// from its append on the active node to its record applied on the standby. p50 and p99 at 1 000, 10 000 and 100 000 values/s,
/// against the flush interval (1000 ms by default) that a value waited in memory alone before this journal.
/// Arguments: --seconds 5.
/// </summary>
public static class AcceptedLagBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Length > 1 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Print($"accepted-values journal: lag from accepted on the active node to held by the standby, loopback TLS, {Environment.ProcessorCount} cores, {seconds} s per rate");
        foreach (var rate in new[] { 1_000, 10_000, 100_000 })
        {
            var (p50, p99, max, records) = await LagAsync(rate, seconds);
            Print($"  {rate,7:N0} values/s ({records:N0} records): lag p50 {p50:0.00} ms, p99 {p99:0.00} ms, max {max:0.00} ms; ratio p99 / flushIntervalMs (1000 ms) {p99 / 1000:0.0000}");
        }
    }

    private static async Task<(double P50, double P99, double Max, int Records)> LagAsync(int rate, int seconds)
    {
        using var folder = new TempDirectory("n3-accepted-bench");
        await using var active = new AcceptedJournal("hist", folder.Combine("active.db"), "active", static () => 1, TimeProvider.System);
        await using var standbyJournal = new AcceptedJournal("hist", folder.Combine("standby.db"), "standby", static () => 1, TimeProvider.System);
        var standby = new LagProbeJournal(standbyJournal);
        await using var pair = await ReplicatedPair.ConnectAsync(active, standby);

        var total = rate * seconds;
        var appendedAt = new Dictionary<long, long>();
        var started = Stopwatch.GetTimestamp();
        var lastCommit = started;
        var made = 0;
        long lastSeq = 0;
        var at = DateTimeOffset.UtcNow;
        while (made < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
            if (due > made)
            {
                var values = new List<TagValue>(due - made);
                for (; made < due; made++)
                    values.Add(TagValue.FromNumber($"plant/tag{made % 100}", made, at.AddTicks(made)));
                var now = Stopwatch.GetTimestamp();
                lastSeq = active.AppendValues(values);
                appendedAt[lastSeq] = now;
            }

            // A batch written every second; its mark follows once the standby holds it (as the module does).
            if (Stopwatch.GetElapsedTime(lastCommit).TotalSeconds >= 1 && !standby.AppliedAt.IsEmpty)
            {
                active.Committed(standby.AppliedAt.Keys.Max());
                lastCommit = Stopwatch.GetTimestamp();
            }

            await Task.Delay(1);
        }

        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 30);
        while (!standby.AppliedAt.ContainsKey(lastSeq) && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(10);
        var lags = appendedAt.Select(a => standby.AppliedAt.TryGetValue(a.Key, out var applied)
            ? (applied - a.Value) * 1000.0 / Stopwatch.Frequency
            : throw new InvalidOperationException($"record {a.Key} never reached the standby")).Order().ToList();
        return (lags[lags.Count / 2], lags[(int)(lags.Count * 0.99)], lags[^1], lags.Count);
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
