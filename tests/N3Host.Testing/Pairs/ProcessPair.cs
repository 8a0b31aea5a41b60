using System.Text.Json.Nodes;
using N3Host.Testing.Harness;

namespace N3Host.Testing;

/// <summary>
/// Two real <c>n3host run</c> processes from the host's build output, configured as a primary and a backup
/// on loopback, each with its own folder, data folder and API port; certificates made by <c>n3host cert show</c>.
/// </summary>
public sealed class ProcessPair : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("n3host-pair");

    private ProcessPair(int connectionTimeoutMs, int initialStandbyMs, string? broker, string? witness, bool relay, int? backupConnectionTimeoutMs, bool sampling, int flushIntervalMs,
        Action<NodeConfig>? modules)
    {
        PeerPort = FreePort.Get();
        Relay = relay ? new TcpRelay(PeerPort) : null;
        PrimaryConfig = Path.Combine(_folder.Path, "a", "modules.json");
        BackupConfig = Path.Combine(_folder.Path, "b", "modules.json");
        Directory.CreateDirectory(Path.GetDirectoryName(PrimaryConfig)!);
        Directory.CreateDirectory(Path.GetDirectoryName(BackupConfig)!);
        var mqtt = broker is null ? new JsonObject { ["enabled"] = false } : new JsonObject { ["broker"] = broker };
        new NodeConfig("node-a", Path.Combine(_folder.Path, "a", "data"), FreePort.Get())
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "primary",
                ["remoteCertificate"] = "node-b.pem",
                ["server"] = new JsonObject { ["port"] = PeerPort, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = initialStandbyMs },
                ["connection"] = new JsonObject { ["connectionTimeout"] = connectionTimeoutMs, ["handshakeTimeout"] = 5_000 },
                ["mqtt"] = mqtt.DeepClone(),
                ["witness"] = witness,
            })
            .AddSampling(sampling, flushIntervalMs)
            .With(modules)
            .WriteTo(PrimaryConfig);
        new NodeConfig("node-b", Path.Combine(_folder.Path, "b", "data"), FreePort.Get())
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "backup",
                ["remoteCertificate"] = "node-a.pem",
                ["connection"] = new JsonObject
                {
                    ["host"] = "127.0.0.1", ["port"] = Relay?.Port ?? PeerPort, ["connectionTimeout"] = backupConnectionTimeoutMs ?? connectionTimeoutMs, ["reconnectDelay"] = 100,
                    ["handshakeTimeout"] = 5_000,
                },
                ["mqtt"] = mqtt.DeepClone(),
                ["witness"] = witness,
            })
            .AddSampling(sampling, flushIntervalMs)
            .With(modules)
            .WriteTo(BackupConfig);
    }

    public int PeerPort { get; }

    /// <summary>The TCP relay the backup reaches the primary through, when asked for: the test's cable to cut.</summary>
    public TcpRelay? Relay { get; }

    public int PrimaryApiPort => JsonNode.Parse(File.ReadAllText(PrimaryConfig))!["node"]!["apiPort"]!.GetValue<int>();

    public int BackupApiPort => JsonNode.Parse(File.ReadAllText(BackupConfig))!["node"]!["apiPort"]!.GetValue<int>();

    public string PrimaryConfig { get; }

    public string BackupConfig { get; }

    public NodeProcess? Primary { get; private set; }

    public NodeProcess? Backup { get; private set; }

    /// <summary>The primary's data folder.</summary>
    public string PrimaryData => Path.Combine(_folder.Path, "a", "data");

    /// <summary>The backup's data folder.</summary>
    public string BackupData => Path.Combine(_folder.Path, "b", "data");

    /// <summary>The real small filesystem mounted at <see cref="BackupData"/> when asked for (null: not asked, or not allowed here).</summary>
    public TinyDisk? BackupDisk { get; private set; }

    /// <summary>Why <see cref="BackupDisk"/> could not be mounted, when it was asked for.</summary>
    public string? BackupDiskReason { get; private set; }

    /// <summary>
    /// The pair's folders, configurations and certificates (not started). <paramref name="modules"/> adds module instances to both
    /// nodes' configuration (after the redundancy instance and the sampling ones).
    /// </summary>
    public static async Task<ProcessPair> CreateAsync(int connectionTimeoutMs = 1_000, int initialStandbyMs = 3_000, string? broker = null, bool wrongCertificate = false,
        string? witness = null, bool relay = false, int? backupConnectionTimeoutMs = null, bool sampling = false, int flushIntervalMs = 200, int? backupDiskKiB = null,
        Action<NodeConfig>? modules = null)
    {
        var pair = new ProcessPair(connectionTimeoutMs, initialStandbyMs, broker, witness, relay, backupConnectionTimeoutMs, sampling, flushIntervalMs, modules);
        if (backupDiskKiB is { } size)
        {
            (pair.BackupDisk, pair.BackupDiskReason) = TinyDisk.TryMount(pair.BackupData, size);
            if (pair.BackupDisk is null)
                return pair;
        }

        var a = await HostCli.RunAsync("cert", "show", "--config", pair.PrimaryConfig);
        var b = await HostCli.RunAsync("cert", "show", "--config", pair.BackupConfig);
        if (a.ExitCode != 0 || b.ExitCode != 0)
        {
            throw new InvalidOperationException($"n3host cert show failed: {a.Output} {b.Output}");
        }

        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(pair.BackupConfig)!, "node-a.pem"), a.StdOut);
        var trusted = wrongCertificate ? HostCertificate.Create("stranger").Pem : b.StdOut;
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(pair.PrimaryConfig)!, "node-b.pem"), trusted);
        return pair;
    }

    public NodeProcess StartPrimary() => Primary = NodeProcess.Start(PrimaryConfig);

    public NodeProcess StartBackup() => Backup = NodeProcess.Start(BackupConfig);

    /// <summary>Starts the primary from another n3host executable (a published install, an older or newer release) on the same configuration and data.</summary>
    public NodeProcess StartPrimary(string executable) => Primary = NodeProcess.StartExecutable(executable, ["run", "--config", PrimaryConfig]);

    /// <summary>Starts the backup from another n3host executable (a published install, an older or newer release) on the same configuration and data.</summary>
    public NodeProcess StartBackup(string executable) => Backup = NodeProcess.StartExecutable(executable, ["run", "--config", BackupConfig]);

    /// <summary>Both nodes' output so far, for a failure message.</summary>
    public string Output => $"primary (node-a):\n{Primary?.Output}\nbackup (node-b):\n{Backup?.Output}";

    /// <summary>Waits for a log line written after <paramref name="from"/> lines (so an earlier one does not count).</summary>
    public static Task<string> LineAsync(NodeProcess node, int from, string fragment, int timeoutSeconds = 30) =>
        WaitAsync(node, from, fragment, timeoutSeconds);

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

        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        BackupDisk?.Dispose();
        _folder.Dispose();
    }

    private static async Task<string> WaitAsync(NodeProcess node, int from, string fragment, int timeoutSeconds)
    {
        string? found = null;
        await Eventually.TrueAsync(
            () => (found = node.Lines.Skip(from).FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal))) is not null,
            TimeSpan.FromSeconds(timeoutSeconds), $"node {node.Pid} logs '{fragment}'", () => node.Output);
        return found!;
    }
}
