using System.Text.Json.Nodes;
using N3Host.Testing;

namespace Historian.Tests.HostProcess;

/// <summary>
/// Two real <c>n3host run</c> processes on loopback, a primary and a backup, each with Simulator, Historian (embedded store)
/// and Redundancy (MQTT off); certificates made by <c>n3host cert show</c>. Configured as in the Redundancy tests' process pair.
/// </summary>
internal sealed class HistorianPair : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("historian-pair");
    private readonly List<NodeProcess> _started = [];

    private HistorianPair()
    {
        var peerPort = FreePort.Get();
        PrimaryConfig = _folder.Combine("a", "modules.json");
        BackupConfig = _folder.Combine("b", "modules.json");
        Directory.CreateDirectory(_folder.Combine("a"));
        Directory.CreateDirectory(_folder.Combine("b"));
        Node("node-a", "a", new JsonObject
        {
            ["mode"] = "primary",
            ["remoteCertificate"] = "node-b.pem",
            ["server"] = new JsonObject { ["port"] = peerPort, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = 10_000 },
            ["connection"] = new JsonObject { ["connectionTimeout"] = 2_000 },
            ["mqtt"] = new JsonObject { ["enabled"] = false },
        }).WriteTo(PrimaryConfig);
        Node("node-b", "b", new JsonObject
        {
            ["mode"] = "backup",
            ["remoteCertificate"] = "node-a.pem",
            ["connection"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = peerPort, ["connectionTimeout"] = 2_000, ["reconnectDelay"] = 100 },
            ["mqtt"] = new JsonObject { ["enabled"] = false },
        }).WriteTo(BackupConfig);
    }

    /// <summary>The tags each node's simulator publishes (every 100 ms) and its historian stores.</summary>
    public static readonly string[] Tags = ["sim/counter", "sim/ramp"];

    public string PrimaryConfig { get; }

    public string BackupConfig { get; }

    public static async Task<HistorianPair> CreateAsync()
    {
        var pair = new HistorianPair();
        var a = await HostCli.RunAsync("cert", "show", "--config", pair.PrimaryConfig);
        var b = await HostCli.RunAsync("cert", "show", "--config", pair.BackupConfig);
        if (a.ExitCode != 0 || b.ExitCode != 0)
            throw new InvalidOperationException($"n3host cert show failed: {a.Output} {b.Output}");
        await File.WriteAllTextAsync(pair._folder.Combine("b", "node-a.pem"), a.StdOut);
        await File.WriteAllTextAsync(pair._folder.Combine("a", "node-b.pem"), b.StdOut);
        return pair;
    }

    public NodeProcess Start(string config)
    {
        var node = NodeProcess.Start(config);
        _started.Add(node);
        return node;
    }

    /// <summary>The node's redundancy role (see <see cref="NodeQueries.RoleAsync"/>).</summary>
    public static Task<string?> RoleAsync(string config) => NodeQueries.RoleAsync(config);

    /// <summary>Raw history of a tag (see <see cref="NodeQueries.HistoryAsync"/>).</summary>
    public static Task<List<(DateTimeOffset Time, string Value)>> HistoryAsync(string config, string tag, DateTimeOffset from, DateTimeOffset to) =>
        NodeQueries.HistoryAsync(config, tag, from, to);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _started)
            await node.DisposeAsync();
        _folder.Dispose();
    }

    private NodeConfig Node(string name, string folder, JsonObject redundancy) =>
        new NodeConfig(name, _folder.Combine(folder, "data"), FreePort.Get())
            .Add("redundancy", "Redundancy", redundancy)
            .Add("sim", "Simulator", new JsonObject
            {
                ["periodMs"] = 100,
                ["tags"] = new JsonArray(
                    new JsonObject { ["path"] = "sim/counter", ["type"] = "counter" },
                    new JsonObject { ["path"] = "sim/ramp", ["type"] = "ramp" }),
            })
            .Add("history", "Historian", new JsonObject
            {
                ["tags"] = new JsonArray("sim/*"),
                ["batchSize"] = 10,
                ["flushIntervalMs"] = 100,
            });
}
