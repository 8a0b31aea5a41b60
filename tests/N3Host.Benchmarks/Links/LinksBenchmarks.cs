using System.Diagnostics;
using N3Host.Contracts;
using N3Host.Testing.Harness;
using N3Host.Plugins.Links;
using N3Host.Plugins.RedundancyAgent;

namespace N3Host.Benchmarks.Links;

/// <summary>
/// The Links and RedundancyAgent benchmarks (printed, never asserted): link throughput and latency over
/// TLS on loopback; the agent's forwarding throughput and added round trip against the direct connection,
/// socat and HAProxy in the same run; the link's resume time after a failover through the agent.
/// Call <c>await LinksBenchmarks.RunAsync(args)</c>; <c>--quick</c> makes it shorter; <c>--runs N</c> sets the
/// forwarding part's repetitions (default 7) and <c>--buffer B</c> the agent's <c>bufferSize</c>.
/// </summary>
public static class LinksBenchmarks
{
    public static async Task RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var quick = args.Contains("--quick");
        var only = args.FirstOrDefault(a => a is "link" or "forwarding" or "failover" or "receipts");
        if (only is null or "link")
        {
            Console.WriteLine("== Links ==");
            await LinkAsync(quick ? 50_000 : 200_000, quick ? 500 : 2000, quick ? 1 : 3);
        }

        if (only is null or "forwarding")
        {
            Console.WriteLine("== RedundancyAgent forwarding ==");
            await ForwardingAsync(quick ? 256L << 20 : 1L << 30, quick ? 2000 : 10_000, Option(args, "--runs", quick ? 1 : 7), Option(args, "--buffer", 2 << 20));
        }

        if (only is null or "failover")
        {
            Console.WriteLine("== Link resume after a failover, through the agent ==");
            await FailoverAsync(quick ? 3 : 7);
        }

        if (only is null or "receipts")
        {
            Console.WriteLine("== Link receipt journal: compaction ==");
            await ReceiptsAsync(quick ? 100_000 : 1_000_000, quick ? 1 : 3);
        }
    }

    /// <summary>
    /// A long run of link receipts: writing them with compaction (every 50 000) against without, in the same run; the file
    /// left on disk; opening it (a start of the central node) and the managed memory the open journal keeps.
    /// </summary>
    private static async Task ReceiptsAsync(int receipts, int runs)
    {
        var streams = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
        var compactedTimes = new List<double>();
        var plainTimes = new List<double>();
        var ratios = new List<double>();
        var opens = new List<double>();
        long compactedBytes = 0, plainBytes = 0, kept = 0;
        for (var run = 0; run < runs; run++)
        {
            var plain = Write(int.MaxValue, out var plainFolder);
            var compacted = Write(ReceiptJournal.DefaultCompactEvery, out var compactedFolder);
            try
            {
                plainBytes = new FileInfo(Path.Combine(plainFolder.FullName, "receipts.jsonl")).Length;
                compactedBytes = new FileInfo(Path.Combine(compactedFolder.FullName, "receipts.jsonl")).Length;
                GC.Collect();
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var watch = Stopwatch.StartNew();
                using var journal = new ReceiptJournal("links.in", compactedFolder.FullName, "central-a", TimeProvider.System, () => 1);
                opens.Add(watch.Elapsed.TotalMilliseconds);
                kept = GC.GetTotalMemory(forceFullCollection: true) - before;
                if (journal.HighWater(streams[receipts % streams.Length]) != receipts * 100L || await journal.GetLastSequenceAsync("central-a", CancellationToken.None) != receipts)
                {
                    throw new InvalidOperationException("the compacted receipt journal lost a high water");
                }
            }
            finally
            {
                plainFolder.Delete(recursive: true);
                compactedFolder.Delete(recursive: true);
            }

            plainTimes.Add(plain);
            compactedTimes.Add(compacted);
            ratios.Add(compacted / plain);
        }

        Console.WriteLine($"{receipts:N0} receipts of {streams.Length} streams (a busy link for ~{receipts / 86_400.0:N0} days at one acknowledgement per second)");
        Console.WriteLine($"written with compaction every {ReceiptJournal.DefaultCompactEvery:N0}: {Median.Of(compactedTimes):N0} ms, without: {Median.Of(plainTimes):N0} ms; ratio {Median.Of(ratios):N2}x (median of {runs})");
        Console.WriteLine($"file left: {compactedBytes / 1e3:N1} kB with compaction, {plainBytes / 1e6:N0} MB without; opening it {Median.Of(opens):N1} ms; managed memory kept {kept / 1024.0:N0} KiB");

        double Write(int compactEvery, out DirectoryInfo folder)
        {
            folder = Directory.CreateTempSubdirectory("n3host-receipts-");
            var watch = Stopwatch.StartNew();
            using var journal = new ReceiptJournal("links.in", folder.FullName, "central-a", TimeProvider.System, () => 1, compactEvery);
            for (var i = 1; i <= receipts; i++)
            {
                journal.Record(new ReceiptRecord(streams[i % streams.Length], "site1", "out", i * 100L));
            }

            return watch.Elapsed.TotalMilliseconds;
        }
    }

    private static async Task LinkAsync(int values, int pings, int runs)
    {
        using var central = new BenchNode("central");
        using var remote = new BenchNode("remote");
        var port = BenchPorts.Free();
        var server = ModuleFactory.Create<LinksModule>(central.Context("in", "Links", new { role = "server", port, trustedCertificates = new[] { remote.Pem }, ackAfterStored = false }));
        var serverContext = central.Context("in", "Links", new { });
        await server.StartAsync(serverContext, CancellationToken.None);
        var client = ModuleFactory.Create<LinksModule>(remote.Context("out", "Links", new
        {
            role = "client",
            host = "127.0.0.1",
            port,
            tags = new[] { "sim/*" },
            serverCertificates = new[] { central.Pem },
            bufferLimitBytes = 4L << 30,
        }));
        await client.StartAsync(remote.Context("out", "Links", new { }), CancellationToken.None);
        await WaitAsync(() => ((LinkClientStatus)remote.Status("links:out")!).Connected, "the link connects");

        // Latency: one value at a time, from publish on the remote node to publish on the central node.
        TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        var throughputCount = 0;
        var throughputTarget = int.MaxValue;
        TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        central.Tags.OnPublished = value =>
        {
            if (value.Path == "remote/sim/latency")
            {
                arrived.TrySetResult();
            }
            else if (value.Path == "remote/sim/throughput" && Interlocked.Increment(ref throughputCount) == throughputTarget)
            {
                allArrived.TrySetResult();
            }
        };

        var latencies = new double[pings];
        for (var i = -100; i < pings; i++)
        {
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = Stopwatch.GetTimestamp();
            await remote.Tags.PublishAsync(TagValue.FromNumber("sim/latency", i, DateTimeOffset.UtcNow), CancellationToken.None);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= 0)
            {
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(latencies);
        Console.WriteLine($"link latency (publish on remote -> published on central, TLS, disk buffer): p50 {ForwardingBench.Percentile(latencies, 0.5):0} us, p99 {ForwardingBench.Percentile(latencies, 0.99):0} us ({pings} values)");

        var rates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            throughputCount = 0;
            throughputTarget = values;
            allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stopwatch = Stopwatch.StartNew();
            var time = DateTimeOffset.UtcNow;
            for (var i = 0; i < values; i++)
            {
                await remote.Tags.PublishAsync(TagValue.FromNumber("sim/throughput", i, time), CancellationToken.None);
            }

            await allArrived.Task.WaitAsync(TimeSpan.FromMinutes(5));
            rates.Add(values / stopwatch.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"link throughput: {ForwardingBench.Median(rates):N0} values/s median of {runs} run(s) of {values:N0} values (each through the disk buffer, TLS, acknowledged)");
        await client.StopAsync(CancellationToken.None);
        await server.StopAsync(CancellationToken.None);
    }

    private static async Task ForwardingAsync(long bytes, int pings, int runs, int bufferSize)
    {
        await using var target = new BenchTarget();
        using var node = new BenchNode("remote");
        var zeroCopyPort = BenchPorts.Free();
        var copyPort = BenchPorts.Free();
        var smallPort = BenchPorts.Free();
        var agents = new List<RedundancyAgentModule>();
        foreach (var (port, zeroCopy, instance, size) in new[]
        {
            (copyPort, false, "agent", bufferSize),
            (zeroCopyPort, true, "agent-zero-copy", bufferSize),
            (smallPort, false, "agent-128k", 128 << 10),
        })
        {
            var agent = ModuleFactory.Create<RedundancyAgentModule>(node.Context(instance, "RedundancyAgent", new
            {
                port,
                primary = new { host = "127.0.0.1", port = target.Port },
                backup = new { host = "127.0.0.1", port = BenchPorts.Free() },
                bufferSize = size,
                zeroCopy,
            }));
            await agent.StartAsync(node.Context(instance, "RedundancyAgent", new { }), CancellationToken.None);
            agents.Add(agent);
        }

        await using var socat = await ExternalForwarder.SocatAsync(target.Port);
        await using var haproxy = await ExternalForwarder.HaproxyAsync(target.Port);
        await Task.Delay(500);

        var paths = new List<(string Name, int Port)> { ("direct", target.Port), ("agent", copyPort), ("agent, zeroCopy", zeroCopyPort), ("agent, 128 KiB", smallPort) };
        var external = new Dictionary<string, ExternalForwarder>();
        if (socat is not null)
        {
            paths.Add(("socat -b 131072", socat.Port));
            external["socat -b 131072"] = socat;
        }

        if (haproxy is not null)
        {
            paths.Add(("haproxy", haproxy.Port));
            external["haproxy"] = haproxy;
        }

        var throughput = paths.ToDictionary(p => p.Name, _ => new List<double>());
        var roundTrip = paths.ToDictionary(p => p.Name, _ => new List<double>());
        var roundTrip99 = paths.ToDictionary(p => p.Name, _ => new List<double>());
        var cpu = paths.ToDictionary(p => p.Name, _ => new List<double>());
        for (var run = 0; run < runs; run++)
        {
            // Each run measures every path once, one after the other, so a path and its peers share the machine's load.
            // The forwarders take turns at coming first after the direct connection, so none gains from its place.
            var order = paths.Take(1).Concat(paths.Skip(1).Skip(run % (paths.Count - 1))).Concat(paths.Skip(1).Take(run % (paths.Count - 1))).ToList();
            foreach (var (name, port) in order)
            {
                // CPU of every party (this process: sender, receiver, agent; and socat's or HAProxy's process) per GiB.
                var cpuBefore = Cpu(external.GetValueOrDefault(name));
                throughput[name].Add(await ForwardingBench.ThroughputGbitAsync(port, bytes));
                await Task.Delay(100);
                cpu[name].Add((Cpu(external.GetValueOrDefault(name)) - cpuBefore).TotalMilliseconds / (bytes / (double)(1 << 30)));
            }

            foreach (var (name, port) in order)
            {
                var samples = await ForwardingBench.RoundTripsAsync(port, pings);
                roundTrip[name].Add(ForwardingBench.Percentile(samples, 0.5));
                roundTrip99[name].Add(ForwardingBench.Percentile(samples, 0.99));
            }
        }

        ForwardingReport.Print(paths.Select(p => p.Name).ToList(), throughput, roundTrip, roundTrip99, cpu);
        Console.WriteLine($"({bytes >> 20} MiB per throughput run, {pings} 64-byte round trips per run, {runs} runs in this process; agent bufferSize {bufferSize} B;");
        Console.WriteLine($" 'agent' forwards with its default copy, 'agent, zeroCopy' with splice(2), 'agent, 128 KiB' with the former default bufferSize; CPU: all parties' CPU time per GiB, '+ direct' what the forwarder adds; x direct and added us: medians of the per-run ratios and differences, [min..max] over the runs)");
        foreach (var agent in agents)
        {
            await agent.StopAsync(CancellationToken.None);
        }
    }

    private static async Task FailoverAsync(int failovers)
    {
        using var alpha = new BenchNode("alpha");
        using var beta = new BenchNode("beta");
        using var remote = new BenchNode("site1");
        var alphaPort = BenchPorts.Free();
        var betaPort = BenchPorts.Free();
        var agentPort = BenchPorts.Free();
        var servers = new Dictionary<BenchNode, (LinksModule Module, IModuleContext Context)>();
        foreach (var (node, port) in new[] { (alpha, alphaPort), (beta, betaPort) })
        {
            var context = node.Context("in", "Links", new { role = "server", port, trustedCertificates = new[] { remote.Pem }, ackAfterStored = false });
            servers[node] = (ModuleFactory.Create<LinksModule>(context), context);
        }

        var agentContext = remote.Context("agent", "RedundancyAgent", new
        {
            port = agentPort,
            primary = new { host = "127.0.0.1", port = alphaPort },
            backup = new { host = "127.0.0.1", port = betaPort },
        });
        var agent = ModuleFactory.Create<RedundancyAgentModule>(agentContext);
        await agent.StartAsync(agentContext, CancellationToken.None);
        var clientContext = remote.Context("out", "Links", new
        {
            role = "client",
            host = "127.0.0.1",
            port = agentPort,
            serverCertificates = new[] { alpha.Pem, beta.Pem },
        });
        var client = ModuleFactory.Create<LinksModule>(clientContext);
        await client.StartAsync(clientContext, CancellationToken.None);
        await servers[alpha].Module.StartAsync(servers[alpha].Context, CancellationToken.None);
        await WaitAsync(() => ((LinkClientStatus)remote.Status("links:out")!).Peer == "alpha", "the link reaches alpha");

        var active = alpha;
        var times = new List<double>();
        for (var i = 0; i < failovers; i++)
        {
            // Failovers a moment apart, as in a plant: a link that drops twice within reconnectDelay backs off.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var next = active == alpha ? beta : alpha;
            var stopwatch = Stopwatch.StartNew();
            active.SetRole(NodeRole.Standby, i + 2);
            await servers[active].Module.StopAsync(CancellationToken.None);
            next.SetRole(NodeRole.Active, i + 2);
            await servers[next].Module.StartAsync(servers[next].Context, CancellationToken.None);
            await WaitAsync(() => ((LinkClientStatus)remote.Status("links:out")!) is { Connected: true } s && s.Peer == next.Name, "the link moves");
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            active = next;
        }

        Console.WriteLine($"link resumed on the new active node {ForwardingBench.Median(times):0} ms (median), {times.Max():0} ms (max) after the failover began (old link server stopped, new one started), {failovers} failovers, healthCheckPeriod 200 ms");
        await client.StopAsync(CancellationToken.None);
        await agent.StopAsync(CancellationToken.None);
        await servers[active].Module.StopAsync(CancellationToken.None);
    }

    private static TimeSpan Cpu(ExternalForwarder? forwarder) =>
        Process.GetCurrentProcess().TotalProcessorTime + (forwarder?.Cpu ?? TimeSpan.Zero);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"benchmark: {what} did not happen within 30 s");
            }

            await Task.Delay(1);
        }
    }
}
