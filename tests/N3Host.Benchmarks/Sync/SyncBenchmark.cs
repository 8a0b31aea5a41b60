using N3Host.Testing;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Sync.Tests;

namespace N3Host.Benchmarks.Sync;

/// <summary>
/// Stored-data synchronization over loopback TLS: failback of N records (~100 bytes each) from the backup to the
/// primary (records/s and time until the primary may go active), against raw TLS throughput of the same bytes
/// measured in the same run; and continuous replication lag at a fixed append rate (p50, p99).
/// Arguments: --records 1000000 --runs 5 --sqlite-runs 1 --rate 10000 --seconds 10.
/// </summary>
public static class SyncBenchmark
{
    private const int EncodedRecordBytes = 130;

    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var records = BenchArgs.Int(args, "--records", 1_000_000);
        var runs = BenchArgs.Int(args, "--runs", 5);
        var sqliteRuns = BenchArgs.Int(args, "--sqlite-runs", 1);
        var rate = BenchArgs.Int(args, "--rate", 10_000);
        var seconds = BenchArgs.Int(args, "--seconds", 10);
        Print($"sync benchmark: {records:N0} records of ~100 bytes, loopback TLS, {Environment.ProcessorCount} cores");

        var raw = new List<double>();
        var memory = new List<(double RecordsPerSecond, double ActiveAfterMs)>();
        for (var run = 0; run < runs; run++)
        {
            raw.Add(await RawTlsRecordsPerSecondAsync(records));
            memory.Add(await FailbackInMemoryAsync(records));
            Print($"  run {run + 1}: raw TLS {raw[^1]:N0} records/s, sync (in-memory journals) {memory[^1].RecordsPerSecond:N0} records/s, primary may go active after {memory[^1].ActiveAfterMs:N0} ms");
        }

        var rawMedian = Median(raw);
        var syncMedian = Median(memory.Select(m => m.RecordsPerSecond).ToList());
        Print($"failback, in-memory journals: median {syncMedian:N0} records/s (target >= 200,000), median time to caught up {Median(memory.Select(m => m.ActiveAfterMs).ToList()):N0} ms; raw TLS of the same bytes {rawMedian:N0} records/s; ratio sync/raw {syncMedian / rawMedian:0.00}");

        for (var run = 0; run < sqliteRuns; run++)
        {
            var copy = await SqliteCopyRecordsPerSecondAsync(records);
            var (perSecond, activeMs) = await FailbackSqliteAsync(records);
            Print($"failback, SQLite journals on disk (run {run + 1}): {perSecond:N0} records/s, primary may go active after {activeMs:N0} ms; the same copy between the two files without the link {copy:N0} records/s; ratio {perSecond / copy:0.00}");
        }

        var (p50, p99, max, count) = await ContinuousLagAsync(rate, seconds);
        Print($"continuous replication at {rate:N0} records/s for {seconds} s ({count:N0} records): lag p50 {p50:0.00} ms, p99 {p99:0.00} ms, max {max:0.00} ms");
    }

    private static async Task<(double RecordsPerSecond, double ActiveAfterMs)> FailbackInMemoryAsync(int records)
    {
        var primaryJournal = new InMemoryJournal("history", "primary", TimeProvider.System);
        var backupJournal = new InMemoryJournal("history", "backup", TimeProvider.System);
        var at = DateTimeOffset.UtcNow;
        for (var i = 1; i <= records; i++)
            backupJournal.Seed("backup", 2, at, SyncTestData.Payload("backup", i));
        var result = await FailbackAsync(primaryJournal, backupJournal, records);
        if (primaryJournal.Count != records)
            throw new InvalidOperationException($"the primary holds {primaryJournal.Count} records instead of {records}");
        return result;
    }

    private static async Task<(double RecordsPerSecond, double ActiveAfterMs)> FailbackSqliteAsync(int records)
    {
        var folder = Path.Combine(Path.GetTempPath(), "n3-sync-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var primaryJournal = new SqliteJournal("history", Path.Combine(folder, "primary.db"), "primary", TimeProvider.System);
            using var backupJournal = new SqliteJournal("history", Path.Combine(folder, "backup.db"), "backup", TimeProvider.System);
            await backupJournal.SeedAsync(records, i => SyncTestData.Payload("backup", i), CancellationToken.None);
            var result = await FailbackAsync(primaryJournal, backupJournal, records);
            var held = await primaryJournal.GetLastSequenceAsync("backup", CancellationToken.None);
            if (held != records)
                throw new InvalidOperationException($"the primary holds {held} records instead of {records}");
            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The peer of the SQLite figure: read every record from one journal file and apply it to another, in the same batches, no link.</summary>
    private static async Task<double> SqliteCopyRecordsPerSecondAsync(int records)
    {
        var folder = Path.Combine(Path.GetTempPath(), "n3-sync-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var target = new SqliteJournal("history", Path.Combine(folder, "primary.db"), "primary", TimeProvider.System);
            using var source = new SqliteJournal("history", Path.Combine(folder, "backup.db"), "backup", TimeProvider.System);
            await source.SeedAsync(records, i => SyncTestData.Payload("backup", i), CancellationToken.None);
            var batch = new SyncOptions().MaxBatchRecords;
            var started = Stopwatch.GetTimestamp();
            long after = 0;
            while (true)
            {
                var read = await source.ReadAsync("backup", after, batch, CancellationToken.None);
                if (read.Count == 0)
                    break;
                await target.ApplyAsync(read, CancellationToken.None);
                after = read[^1].Sequence;
            }

            return records / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double RecordsPerSecond, double ActiveAfterMs)> FailbackAsync(IJournal onPrimary, IJournal onBackup, int records)
    {
        using var tls = new LoopbackTls();
        var primary = ReplicatedPair.Replicator("primary", onPrimary);
        var backup = ReplicatedPair.Replicator("backup", onBackup);
        var (server, client) = await tls.ConnectAsync(CancellationToken.None);
        await using var primaryEnd = new StreamSyncChannel(server);
        await using var backupEnd = new StreamSyncChannel(client);
        var started = Stopwatch.GetTimestamp();
        await using var atPrimary = primary.StartSession(primaryEnd, CancellationToken.None);
        await using var atBackup = backup.StartSession(backupEnd, CancellationToken.None);
        // The failback hand-over: the primary asks for everything the (standby) backup holds and waits until applied.
        await atPrimary.RequestCatchUpAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(10));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (records / elapsed.TotalSeconds, elapsed.TotalMilliseconds);
    }

    private static async Task<double> RawTlsRecordsPerSecondAsync(int records)
    {
        using var tls = new LoopbackTls();
        var (server, client) = await tls.ConnectAsync(CancellationToken.None);
        await using var serverStream = server;
        await using var clientStream = client;
        var total = (long)records * EncodedRecordBytes;
        var chunk = new byte[1 << 20];
        var started = Stopwatch.GetTimestamp();
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[1 << 20];
            long read = 0;
            while (read < total)
                read += await serverStream.ReadAsync(buffer);
        });
        for (long sent = 0; sent < total; sent += chunk.Length)
            await clientStream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, total - sent)));
        await clientStream.FlushAsync();
        await reader;
        return records / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<(double P50, double P99, double Max, int Count)> ContinuousLagAsync(int rate, int seconds)
    {
        var count = rate * seconds;
        var active = new InMemoryJournal("history", "active", TimeProvider.System);
        var standby = new LagProbeJournal(new InMemoryJournal("history", "standby", TimeProvider.System));
        await using var pair = await ReplicatedPair.ConnectAsync(active, standby);

        var appendedAt = new long[count + 1];
        var started = Stopwatch.GetTimestamp();
        var appended = 0;
        while (appended < count)
        {
            var due = Math.Min(count, (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
            while (appended < due)
            {
                appended++;
                appendedAt[appended] = Stopwatch.GetTimestamp();
                await active.AppendAsync(SyncTestData.Payload("active", appended), CancellationToken.None);
            }

            await Task.Delay(1);
        }

        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (!standby.AppliedAt.ContainsKey(count) && Stopwatch.GetTimestamp() < deadline)
            await Task.Delay(10);

        var lags = new List<double>(count);
        for (var i = 1; i <= count; i++)
        {
            if (!standby.AppliedAt.TryGetValue(i, out var applied))
                throw new InvalidOperationException($"record {i} never reached the standby");
            lags.Add((applied - appendedAt[i]) * 1000.0 / Stopwatch.Frequency);
        }

        lags.Sort();
        return (lags[lags.Count / 2], lags[(int)(lags.Count * 0.99)], lags[^1], count);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }


    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
