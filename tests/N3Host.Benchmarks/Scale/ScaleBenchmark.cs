using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using N3Host.Benchmarks.Redundancy;
using N3Host.Testing;

namespace N3Host.Benchmarks.Scale;

/// <summary>
/// A redundant pair at plant scale: the primary simulates N tags every P ms into its historian, which replicates each record to
/// the standby. Per load: start to all active, CPU of the two cores and RSS of both processes, values published, stored and lost,
/// periods the simulator skipped, and the replication lag in records, over a measured window after a warm-up. The peer of each
/// figure is what the load offers (N values every P ms): stored/offered is the ratio.
/// Arguments: --seconds 20 (the window), --warmup 5, --only 100000@1000.
/// </summary>
internal static class ScaleBenchmark
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static readonly (int Tags, int PeriodMs)[] Loads = [(1_000, 1_000), (10_000, 1_000), (100_000, 1_000), (10_000, 100)];

    public static async Task RunAsync(string[] args)
    {
        var seconds = BenchArgs.Int(args, "--seconds", 20);
        var warmup = BenchArgs.Int(args, "--warmup", 5);
        var only = BenchArgs.Text(args, "--only");
        Print($"scale: a primary and a backup on this machine ({Environment.ProcessorCount} cores, {Environment.OSVersion}), historian (SQLite) on both, replication on; window {seconds} s after {warmup} s of warm-up");
        var rows = new List<string>();
        foreach (var (tags, period) in Loads)
        {
            if (only is not null && only != $"{tags}@{period}")
            {
                continue;
            }

            var row = await MeasureAsync(tags, period, seconds, warmup);
            Print("  " + row);
            rows.Add(row);
        }

        Print("");
        Print("| tags | period | offered values/s | stored values/s (ratio) | skipped periods | lost | CPU of 2 cores, primary + standby | RSS primary / standby | start to all active | replication lag p50 / max |");
        Print("|---|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Print);
    }

    private static async Task<string> MeasureAsync(int tags, int periodMs, int seconds, int warmup)
    {
        await using var pair = await BenchPair.StartAsync(3_000, c => c
            .Add("history", "Historian", new { })
            .Add("sim", "Simulator", new { periodMs, count = tags }));
        using var primary = NodeApiClient.Create(pair.PrimaryApiPort, pair.PrimaryData, TimeSpan.FromSeconds(10));
        using var standby = NodeApiClient.Create(pair.BackupApiPort, pair.BackupData, TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(async () => (await StatusAsync(primary))["modules"]!.AsArray().All(m => State(m) == "Active"), Patience, "every instance on the primary is active");
        var startToActive = Stopwatch.GetElapsedTime(pair.PrimaryStartedAt);
        await Eventually.TrueAsync(async () => await StatusAsync(standby) is var s && Redundancy(s)?["role"]?.GetValue<string>() == "standby" && Sync(s)?["state"]?.GetValue<string>() == "following",
            Patience, "the backup follows as standby");
        await Task.Delay(TimeSpan.FromSeconds(warmup));

        var before = await SampleAsync(primary, pair);
        var lags = new List<double>();
        var window = Stopwatch.StartNew();
        while (window.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var status = await StatusAsync(primary);
            if (Sync(status)?["outbound"] is JsonNode outbound)
            {
                lags.Add(Math.Max(0, outbound["records"]!.GetValue<long>() - outbound["appliedRecords"]!.GetValue<long>()));
            }

            await Task.Delay(100);
        }

        var after = await SampleAsync(primary, pair);
        var elapsed = (after.At - before.At).TotalSeconds;

        // Every value published in the window stored (or filtered by the deadband) once the historian caught up.
        var published = after.Published;
        var caughtUp = Stopwatch.StartNew();
        var end = after;
        while (end.StoredOrFiltered < published && caughtUp.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
            end = await SampleAsync(primary, pair);
        }

        var offered = tags * 1000.0 / periodMs;
        var stored = (after.StoredOrFiltered - before.StoredOrFiltered) / elapsed;
        var cpu = (after.PrimaryCpu - before.PrimaryCpu + after.StandbyCpu - before.StandbyCpu) / elapsed / Environment.ProcessorCount;
        var primaryCpu = (after.PrimaryCpu - before.PrimaryCpu) / elapsed / Environment.ProcessorCount;
        var behind = published - end.StoredOrFiltered;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {tags:N0} | {periodMs} ms | {offered:N0} | {stored:N0} ({stored / offered:0.00}){(behind > 0 ? $", {behind:N0} not stored 30 s after" : "")} | {after.Skipped - before.Skipped} in the window, {after.Skipped} since start | {end.Lost} | {cpu:P0} ({primaryCpu:P0} + {cpu - primaryCpu:P0}) | {after.PrimaryRssMb:0} / {after.StandbyRssMb:0} MB | {startToActive.TotalSeconds:0.00} s | {Median.Of(lags):N0} / {(lags.Count == 0 ? 0 : lags.Max()):N0} records |");
    }

    private sealed record Sample(DateTime At, long Published, long StoredOrFiltered, long Lost, long Skipped, double PrimaryCpu, double StandbyCpu, double PrimaryRssMb, double StandbyRssMb);

    private static async Task<Sample> SampleAsync(HttpClient primary, BenchPair pair)
    {
        var at = DateTime.UtcNow;
        var status = await StatusAsync(primary);
        var services = status["services"]!;
        var sim = services["simulator:sim"]!;
        var history = services["historian:history"]!;
        return new Sample(
            at,
            sim["values"]!.GetValue<long>(),
            history["stored"]!.GetValue<long>() + history["filtered"]!.GetValue<long>(),
            history["overflowed"]!.GetValue<long>(),
            sim["skippedPeriods"]!.GetValue<long>(),
            ProcessStats.CpuSeconds(pair.Primary!.Pid),
            ProcessStats.CpuSeconds(pair.Backup!.Pid),
            ProcessStats.RssMb(pair.Primary.Pid),
            ProcessStats.RssMb(pair.Backup.Pid));
    }

    private static string? State(JsonNode? module) => module?["state"]?.GetValue<string>();

    private static JsonNode? Redundancy(JsonNode status) => status["services"]?["redundancy"];

    private static JsonNode? Sync(JsonNode status) => Redundancy(status)?["sync"];

    private static async Task<JsonNode> StatusAsync(HttpClient http) =>
        JsonNode.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative)))!;

    private static void Print(string line) => Console.WriteLine(line);
}
