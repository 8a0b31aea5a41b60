using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using N3Host.Testing;

namespace N3Host.Benchmarks.Redundancy;

/// <summary>
/// Failover figures of a real pair of n3host processes on loopback, seen by an MQTT subscriber on Mosquitto
/// (set_tcp_nodelay true): crash failover (SIGKILL), silent failover (SIGSTOP) with connectionTimeout 300 ms
/// and the default 5000 ms, and false failovers at 300 ms under CPU load. The peer for the crash figure is
/// the kernel's own notice of a killed process on a loopback socket, measured in the same run.
/// Runs per scenario: N3HOST_BENCH_RUNS (default 20); N3HOST_BENCH_ONLY=crash runs the crash figures only, N3HOST_BENCH_ONLY=load the false-failover check only (60 s).
/// </summary>
public static class RedundancyBenchmarks
{
    public static async Task RunAsync()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("N3HOST_BENCH_RUNS"), out var n) && n > 0 ? n : 20;
        var only = Environment.GetEnvironmentVariable("N3HOST_BENCH_ONLY");
        var silentTimeouts = only == "crash" ? [] : new[] { 300, 5_000 };
        await using var broker = await Mosquitto.StartAsync();
        await using var watcher = await RoleWatcher.StartAsync(broker.Port);

        if (only == "load")
        {
            var (loadSeconds, count) = await FalseFailoversUnderLoadAsync(broker, 300, 60);
            Console.WriteLine($"false failovers at connectionTimeout 300 ms with {Environment.ProcessorCount} busy threads for {loadSeconds} s: {count}");
            return;
        }

        var floor = Percentiles.Of(await KillNoticeAsync(runs));
        Console.WriteLine($"peer: SIGKILL -> EOF on a loopback socket:                 {floor}");

        var (failovers, notices) = await CrashFailoverAsync(broker, watcher, runs);
        var crash = Percentiles.Of(failovers);
        var notice = Percentiles.Of(notices);
        Console.WriteLine($"peer: SIGKILL n3host primary -> EOF on a socket to it:     {notice}");
        Console.WriteLine($"crash failover: SIGKILL primary -> backup active at MQTT:  {crash}");
        Console.WriteLine(Invariant($"  ratio to the peers (medians): {crash.Median / floor.Median:0.0}x the small process, {crash.Median / notice.Median:0.00}x the killed n3host; target median <= 10 ms, p99 <= 25 ms"));

        // With a witness (the same Mosquitto): the backup also waits for the primary's will there.
        var (witnessed, _) = await CrashFailoverAsync(broker, watcher, runs, witness: broker.Uri);
        var withWitness = Percentiles.Of(witnessed);
        Console.WriteLine($"crash failover with a witness: SIGKILL -> backup active at MQTT: {withWitness}");
        Console.WriteLine(Invariant($"  ratio to the same without a witness (medians): {withWitness.Median / crash.Median:0.00}x; target median <= 15 ms"));

        foreach (var timeout in silentTimeouts)
        {
            var silent = Percentiles.Of(await SilentFailoverAsync(broker, watcher, timeout, runs));
            Console.WriteLine($"silent failover (connectionTimeout {timeout} ms): SIGSTOP -> backup active at MQTT: {silent}");
            Console.WriteLine(Invariant($"  ratio to the timeout (median): {silent.Median / timeout:0.00}x, p99 {silent.P99 / timeout:0.00}x; target <= 1.1x"));
        }

        if (only == "crash")
        {
            return;
        }

        var (seconds, falseFailovers) = await FalseFailoversUnderLoadAsync(broker, 300, 30);
        Console.WriteLine($"false failovers at connectionTimeout 300 ms with {Environment.ProcessorCount} busy threads for {seconds} s: {falseFailovers}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>The floor: how long the kernel takes to tell a socket's other end that its process was killed.</summary>
    private static async Task<List<double>> KillNoticeAsync(int runs)
    {
        var results = new List<double>();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        for (var i = 0; i < runs; i++)
        {
            using var holder = Process.Start(new ProcessStartInfo("bash", ["-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}; exec sleep 1000"]))!;
            using var accepted = await listener.AcceptTcpClientAsync();
            await Task.Delay(50);
            var buffer = new byte[16];
            var read = accepted.GetStream().ReadAsync(buffer).AsTask();
            var start = Stopwatch.GetTimestamp();
            holder.Kill();
            await read;
            results.Add(Ms(start, Stopwatch.GetTimestamp()));
            await holder.WaitForExitAsync();
        }

        return results;
    }

    private static async Task SteadyAsync(RoleWatcher watcher, long since)
    {
        await BenchPair.UntilAsync(() => watcher.Role("node-a") is ("active", var a) && a > since
            && watcher.Role("node-b") is ("standby", var b) && b > since
            && watcher.Status("node-a") == "online", "the primary is active and the backup standby");
        await Task.Delay(300);
    }

    /// <summary>The failover as the subscriber sees it, and (the peer) when a plain socket to the killed primary saw it die.</summary>
    private static async Task<(List<double> Failovers, List<double> Notices)> CrashFailoverAsync(Mosquitto broker, RoleWatcher watcher, int runs, string? witness = null)
    {
        var results = new List<double>();
        var notices = new List<double>();
        await using var pair = await BenchPair.StartAsync(5_000, broker.Uri, witness);
        var since = 0L;
        for (var i = 0; i < runs; i++)
        {
            try
            {
                await SteadyAsync(watcher, since);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message} (run {i}; MQTT: node-a {watcher.Role("node-a")} {watcher.Status("node-a")}, node-b {watcher.Role("node-b")} {watcher.Status("node-b")}, since {since})\n--- primary:\n{pair.Primary?.Output}\n--- backup:\n{pair.Backup?.Output}", e);
            }

            using var probe = new TcpClient { NoDelay = true };
            await probe.ConnectAsync(IPAddress.Loopback, pair.PeerPort);
            await Task.Delay(20);
            var eof = probe.GetStream().ReadAsync(new byte[16]).AsTask().ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
            var start = Stopwatch.GetTimestamp();
            pair.Primary!.Kill();
            await BenchPair.UntilAsync(() => watcher.Role("node-b") is ("active", var at) && at > start, "the backup is active");
            results.Add(Ms(start, watcher.Role("node-b").At));
            notices.Add(Ms(start, await eof));
            since = Stopwatch.GetTimestamp();
            await pair.RestartPrimaryAsync();
        }

        return (results, notices);
    }

    private static async Task<List<double>> SilentFailoverAsync(Mosquitto broker, RoleWatcher watcher, int timeoutMs, int runs)
    {
        var results = new List<double>();
        await using var pair = await BenchPair.StartAsync(timeoutMs, broker.Uri);
        var since = 0L;
        for (var i = 0; i < runs; i++)
        {
            await SteadyAsync(watcher, since);
            var start = Stopwatch.GetTimestamp();
            pair.Primary!.Freeze();
            await BenchPair.UntilAsync(() => watcher.Role("node-b") is ("active", var at) && at > start, "the backup is active");
            results.Add(Ms(start, watcher.Role("node-b").At));
            since = Stopwatch.GetTimestamp();
            pair.Primary.Resume();
        }

        return results;
    }

    private static async Task<(int Seconds, int FalseFailovers)> FalseFailoversUnderLoadAsync(Mosquitto broker, int timeoutMs, int seconds)
    {
        await using var pair = await BenchPair.StartAsync(timeoutMs, broker.Uri);
        await BenchPair.UntilAsync(() => pair.Backup!.Lines.Any(l => l.Contains("Redundancy: paired with", StringComparison.Ordinal))
            && pair.Primary!.Lines.Any(l => l.Contains("Redundancy: Primary node is now Active", StringComparison.Ordinal)), "the pair formed");
        var before = pair.Backup!.Lines.Count(l => l.Contains("Redundancy: Backup node is now Active", StringComparison.Ordinal));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var burners = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(() =>
        {
            var x = 0UL;
            while (!stop.IsCancellationRequested)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }

            return x;
        })).ToArray();
        await Task.WhenAll(burners);
        var after = pair.Backup.Lines.Count(l => l.Contains("Redundancy: Backup node is now Active", StringComparison.Ordinal));
        return (seconds, after - before);
    }
}
