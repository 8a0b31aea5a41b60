using System.Diagnostics;
using System.Text.Json.Nodes;
using N3Host.Testing;

namespace N3Host.Benchmarks.Redundancy;

/// <summary>A primary and a backup n3host process on loopback, publishing to one Mosquitto.</summary>
internal sealed class BenchPair : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("n3host-bench-pair");
    private readonly string _primaryConfig;
    private readonly string _backupConfig;

    private BenchPair(int connectionTimeoutMs, string? broker, string? witness, Action<NodeConfig>? modules)
    {
        var peerPort = PeerPort = FreePort.Get();
        _primaryConfig = _folder.Combine("a", "modules.json");
        _backupConfig = _folder.Combine("b", "modules.json");
        Directory.CreateDirectory(_folder.Combine("a"));
        Directory.CreateDirectory(_folder.Combine("b"));
        new NodeConfig("node-a", PrimaryData, PrimaryApiPort)
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "primary",
                ["remoteCertificate"] = "node-b.pem",
                ["server"] = new JsonObject { ["port"] = peerPort, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = 10_000 },
                ["connection"] = new JsonObject { ["connectionTimeout"] = connectionTimeoutMs },
                ["mqtt"] = Mqtt(broker),
                ["witness"] = witness,
            })
            .With(modules)
            .WriteTo(_primaryConfig);
        new NodeConfig("node-b", BackupData, BackupApiPort)
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "backup",
                ["remoteCertificate"] = "node-a.pem",
                ["connection"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = peerPort, ["connectionTimeout"] = connectionTimeoutMs, ["reconnectDelay"] = 100 },
                ["mqtt"] = Mqtt(broker),
                ["witness"] = witness,
            })
            .With(modules)
            .WriteTo(_backupConfig);
    }

    /// <summary>The counter the pair samples and stores when started with a sampling period.</summary>
    public const string Counter = "sim/counter";

    public string PrimaryConfig => _primaryConfig;

    public string BackupConfig => _backupConfig;

    private static JsonObject Mqtt(string? broker) => broker is null ? new JsonObject { ["enabled"] = false } : new JsonObject { ["broker"] = broker };

    public int PeerPort { get; }

    public int PrimaryApiPort { get; } = FreePort.Get();

    public int BackupApiPort { get; } = FreePort.Get();

    public string PrimaryData => _folder.Combine("a", "data");

    public string BackupData => _folder.Combine("b", "data");

    public NodeProcess? Primary { get; private set; }

    public NodeProcess? Backup { get; private set; }

    /// <summary>Starts the pair; with <paramref name="samplingPeriodMs"/> each node also runs a Simulator counter at that period and a Historian (defaults).</summary>
    public static async Task<BenchPair> StartAsync(int connectionTimeoutMs, string? broker, string? witness = null, int? samplingPeriodMs = null)
    {
        var pair = new BenchPair(connectionTimeoutMs, broker, witness, c => c.AddSampling(samplingPeriodMs));
        await pair.StartProcessesAsync();
        return pair;
    }

    /// <summary>Starts the pair with <paramref name="modules"/> added to each node's configuration (after the Redundancy instance).</summary>
    public static async Task<BenchPair> StartAsync(int connectionTimeoutMs, Action<NodeConfig> modules)
    {
        var pair = new BenchPair(connectionTimeoutMs, null, null, modules);
        await pair.StartProcessesAsync();
        return pair;
    }

    /// <summary>Exchanges the two certificates and starts the backup, then the primary; the primary's start is timed from here.</summary>
    private async Task StartProcessesAsync()
    {
        var a = await N3Host.Testing.HostCli.RunAsync("cert", "show", "--config", _primaryConfig);
        var b = await N3Host.Testing.HostCli.RunAsync("cert", "show", "--config", _backupConfig);
        await File.WriteAllTextAsync(_folder.Combine("b", "node-a.pem"), a.StdOut);
        await File.WriteAllTextAsync(_folder.Combine("a", "node-b.pem"), b.StdOut);
        Backup = NodeProcess.Start(_backupConfig);
        PrimaryStartedAt = Stopwatch.GetTimestamp();
        Primary = NodeProcess.Start(_primaryConfig);
    }

    /// <summary>When the primary's process was started (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long PrimaryStartedAt { get; private set; }

    public async Task RestartPrimaryAsync()
    {
        if (Primary is not null)
        {
            await Primary.DisposeAsync();
        }

        Primary = NodeProcess.Start(_primaryConfig);
    }

    /// <summary>Waits (polling) until the condition holds; throws after the timeout.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, int timeoutSeconds = 60)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed.TotalSeconds > timeoutSeconds)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            await Task.Delay(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Primary is not null)
        {
            if (!Primary.HasExited)
            {
                Primary.Resume();
            }

            await Primary.DisposeAsync();
        }

        if (Backup is not null)
        {
            await Backup.DisposeAsync();
        }

        _folder.Dispose();
    }
}

internal static class BenchSampling
{
    public static NodeConfig AddSampling(this NodeConfig config, int? periodMs) => periodMs is not { } period
        ? config
        : config
            .Add("history", "Historian", new { })
            .Add("sim", "Simulator", new { periodMs = period, tags = new[] { new { path = BenchPair.Counter, type = "counter", min = 0, max = int.MaxValue, step = 1 } } });
}
