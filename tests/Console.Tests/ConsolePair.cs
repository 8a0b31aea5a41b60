using System.Text.Json.Nodes;
using N3Host.Testing;

namespace N3Host.ConsoleTests;

/// <summary>
/// A redundant pair in two real <c>n3host run</c> processes on loopback (primary node-a, backup node-b), each with the Simulator
/// and the Historian, certificates exchanged with <c>n3host cert show</c>; started and paired.
/// </summary>
public sealed class ConsolePair : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _folder = new("n3host-console-pair");

    private ConsolePair()
    {
        var peerPort = FreePort.Get();
        PrimaryApiPort = FreePort.Get();
        BackupApiPort = FreePort.Get();
        PrimaryConfig = Write("a", new NodeConfig("node-a", _folder.Combine("a", "data"), PrimaryApiPort)
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "primary",
                ["remoteCertificate"] = "node-b.pem",
                ["server"] = new JsonObject { ["port"] = peerPort, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = 3_000 },
                ["connection"] = new JsonObject { ["connectionTimeout"] = 1_000, ["handshakeTimeout"] = 5_000 },
                ["mqtt"] = new JsonObject { ["enabled"] = false },
            }));
        BackupConfig = Write("b", new NodeConfig("node-b", _folder.Combine("b", "data"), BackupApiPort)
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "backup",
                ["remoteCertificate"] = "node-a.pem",
                ["connection"] = new JsonObject
                {
                    ["host"] = "127.0.0.1", ["port"] = peerPort, ["connectionTimeout"] = 1_000, ["reconnectDelay"] = 100, ["handshakeTimeout"] = 5_000,
                },
                ["mqtt"] = new JsonObject { ["enabled"] = false },
            }));
    }

    public int PrimaryApiPort { get; }

    public int BackupApiPort { get; }

    public string PrimaryConfig { get; }

    public string BackupConfig { get; }

    public NodeProcess Primary { get; private set; } = null!;

    public NodeProcess Backup { get; private set; } = null!;

    /// <summary>Both nodes running and paired: the primary active, the backup standby and connected to it.</summary>
    public static async Task<ConsolePair> StartAsync()
    {
        var pair = new ConsolePair();
        try
        {
            var a = await HostCli.RunAsync("cert", "show", "--config", pair.PrimaryConfig);
            var b = await HostCli.RunAsync("cert", "show", "--config", pair.BackupConfig);
            if (a.ExitCode != 0 || b.ExitCode != 0)
                throw new InvalidOperationException($"n3host cert show failed: {a.Output} {b.Output}");
            await File.WriteAllTextAsync(pair._folder.Combine("b", "node-a.pem"), a.StdOut);
            await File.WriteAllTextAsync(pair._folder.Combine("a", "node-b.pem"), b.StdOut);

            pair.Primary = NodeProcess.Start(pair.PrimaryConfig);
            pair.Backup = NodeProcess.Start(pair.BackupConfig);
            using var primary = new NodeStatusClient(pair.PrimaryConfig);
            using var backup = new NodeStatusClient(pair.BackupConfig);
            await Eventually.TrueAsync(async () => await primary.RoleAsync() == "active" && await backup.RoleAsync() == "standby" && await backup.PeerConnectedAsync(),
                Patience, $"the pair starts: primary active, backup standby and paired\nprimary:\n{pair.Primary.Output}\nbackup:\n{pair.Backup.Output}");
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    public string Output => $"primary (node-a):\n{Primary?.Output}\nbackup (node-b):\n{Backup?.Output}";

    public async ValueTask DisposeAsync()
    {
        if (Primary is not null)
            await Primary.DisposeAsync();
        if (Backup is not null)
            await Backup.DisposeAsync();
        _folder.Dispose();
    }

    private string Write(string node, NodeConfig config)
    {
        Directory.CreateDirectory(_folder.Combine(node));
        return config
            .Add("sim", "Simulator", new { periodMs = 500 })
            .Add("historian", "Historian", new { store = "sqlite", flushIntervalMs = 200 })
            .WriteTo(_folder.Combine(node, "modules.json"));
    }
}
