using System.Globalization;
using System.Text.RegularExpressions;
using N3Host.Testing;

namespace N3Host.Benchmarks.Redundancy;

/// <summary>
/// The loss window of a crash: a pair of n3host processes, each with a Simulator counter every 10 ms and a Historian
/// (defaults: batches written once a second), the active primary SIGKILLed at random moments and restarted each time.
/// For each kill, the samples its simulator made before the kill that are on neither node afterwards: the loss window
/// is how long before the kill the oldest of them was made (0 when none is missing). The peer is the flush interval
/// (1000 ms), the most a value waited in memory alone before the accepted-values journal. Quiet, then with both cores
/// busy. Arguments: --kills 10 (per condition).
/// </summary>
public static partial class LossWindowBenchmark
{
    private const int PeriodMs = 10;
    private const int FlushIntervalMs = 1_000;
    private const string SimStarted = "Simulator sim started";

    public static async Task RunAsync(string[] args)
    {
        var kills = args.Length > 1 && args[0] == "--kills" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        Console.WriteLine($"loss window of a SIGKILL of the active node: counter every {PeriodMs} ms, historian flushIntervalMs {FlushIntervalMs}, {Environment.ProcessorCount} cores, {kills} kills per condition");
        foreach (var loaded in new[] { false, true })
        {
            using var load = loaded ? CpuLoad.OnEveryCore() : null;
            var (windows, lost, made) = await KillsAsync(kills);
            var window = Percentiles.Of(windows);
            Console.WriteLine($"  {(loaded ? "both cores busy" : "quiet"),-16} window {window}; {lost} of {made:N0} samples made before the kills lost; ratio max window / flushIntervalMs {window.Max / FlushIntervalMs:0.000}");
        }
    }

    private static async Task<(List<double> Windows, int Lost, int Made)> KillsAsync(int count)
    {
        await using var pair = await BenchPair.StartAsync(1_000, broker: null, samplingPeriodMs: PeriodMs);
        await BenchPair.UntilAsync(() => pair.Primary!.Lines.Any(l => l.Contains(SimStarted, StringComparison.Ordinal)), "the primary samples");
        await BenchPair.UntilAsync(() => pair.Backup!.Lines.Any(l => l.Contains("paired with node-a", StringComparison.Ordinal)), "the backup paired");
        var random = new Random(Environment.TickCount);
        var killed = new List<(IReadOnlyList<string> Lines, DateTimeOffset Kill)>();
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(random.Next(1_000, 2_000));
            var primary = pair.Primary!;
            var backup = pair.Backup!;
            var backupLines = backup.Lines.Count;
            var kill = DateTimeOffset.UtcNow;
            primary.Kill();
            killed.Add((primary.Lines, kill));
            await BenchPair.UntilAsync(() => backup.Lines.Skip(backupLines).Any(l => l.Contains("Backup node is now Active", StringComparison.Ordinal)), "the backup active");
            backupLines = backup.Lines.Count;
            await pair.RestartPrimaryAsync();
            var restarted = pair.Primary!;
            await BenchPair.UntilAsync(() => restarted.Lines.Any(l => l.Contains(SimStarted, StringComparison.Ordinal)), "the restarted primary samples");
            await BenchPair.UntilAsync(() => backup.Lines.Skip(backupLines).Any(l => l.Contains("Backup node is now Standby", StringComparison.Ordinal)), "the backup standby");
        }

        await Task.Delay(3_000);
        var from = killed[0].Kill.AddSeconds(-30);
        var to = DateTimeOffset.UtcNow;
        var union = (await NodeQueries.HistoryAsync(pair.PrimaryConfig, BenchPair.Counter, from, to)).Select(s => s.Time)
            .Concat((await NodeQueries.HistoryAsync(pair.BackupConfig, BenchPair.Counter, from, to)).Select(s => s.Time))
            .ToHashSet();
        var skipped = Skipped(killed.SelectMany(k => k.Lines).Concat(pair.Primary!.Lines).Concat(pair.Backup!.Lines));

        var windows = new List<double>();
        int lost = 0, made = 0;
        foreach (var (lines, kill) in killed)
        {
            var started = lines.First(l => l.Contains(SimStarted, StringComparison.Ordinal));
            var first = (At(started).ToUnixTimeMilliseconds() / PeriodMs) + 1;
            var last = kill.ToUnixTimeMilliseconds() / PeriodMs;
            double window = 0;
            for (var tick = first; tick <= last; tick++)
            {
                if (skipped.Contains(tick))
                    continue;
                made++;
                var time = DateTimeOffset.FromUnixTimeMilliseconds(tick * PeriodMs);
                if (union.Contains(time))
                    continue;
                lost++;
                window = Math.Max(window, (kill - time).TotalMilliseconds);
            }

            windows.Add(window);
        }

        return (windows, lost, made);
    }

    private static DateTimeOffset At(string line) =>
        DateTimeOffset.ParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>The ticks a busy simulator skipped (it logs each burst): nobody made those samples.</summary>
    private static HashSet<long> Skipped(IEnumerable<string> lines)
    {
        var ticks = new HashSet<long>();
        foreach (var line in lines)
        {
            var match = FellBehind().Match(line);
            if (!match.Success)
                continue;
            var now = At(line).ToUnixTimeMilliseconds() / PeriodMs;
            var count = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            for (var tick = now - count - 1; tick <= now; tick++)
                ticks.Add(tick);
        }

        return ticks;
    }

    [GeneratedRegex(@"fell behind: skipped (\d+) periods")]
    private static partial Regex FellBehind();
}
