using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>
/// Two real <c>n3host run</c> processes (primary node-a, backup node-b) on loopback, each running the Redundancy module
/// and the journal test plugin (instance <c>journal</c>) from its own plugins folder; certificates made by
/// <c>n3host cert show</c>. Status is read with <c>n3host status --json</c>.
/// </summary>
internal sealed class SyncPair : IAsyncDisposable
{
    public const string JournalSection = "journal-journal";

    private readonly TempDirectory _folder = new("n3host-sync-pair");
    private readonly string _primaryPlugins;
    private readonly string _backupPlugins;
    private readonly int _connectionTimeoutMs;
    private readonly (int PeerPort, int ApiPort, JsonObject Mqtt, JsonObject Sync, JsonObject Journal) _backup;

    private SyncPair(SyncPairOptions options)
    {
        _primaryPlugins = options.PrimaryPlugins;
        _backupPlugins = options.BackupPlugins;
        _connectionTimeoutMs = options.ConnectionTimeoutMs;
        var peerPort = FreePort.Get();
        PrimaryConfig = Path.Combine(_folder.Path, "a", "modules.json");
        BackupConfig = Path.Combine(_folder.Path, "b", "modules.json");
        Directory.CreateDirectory(Path.GetDirectoryName(PrimaryConfig)!);
        Directory.CreateDirectory(Path.GetDirectoryName(BackupConfig)!);
        var mqtt = options.Broker is null ? new JsonObject { ["enabled"] = false } : new JsonObject { ["broker"] = options.Broker };
        var sync = options.Sync ?? new JsonObject();
        var journal = new JsonObject
        {
            ["periodMs"] = options.PeriodMs, ["recordsPerTick"] = options.RecordsPerTick, ["payloadBytes"] = options.PayloadBytes,
            ["maxRecords"] = options.MaxRecords,
        };
        new NodeConfig("node-a", Path.Combine(_folder.Path, "a", "data"), FreePort.Get())
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "primary",
                ["remoteCertificate"] = "node-b.pem",
                ["server"] = new JsonObject { ["port"] = peerPort, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = options.InitialStandbyMs },
                ["connection"] = new JsonObject { ["connectionTimeout"] = options.ConnectionTimeoutMs },
                ["mqtt"] = mqtt.DeepClone(),
                ["sync"] = sync.DeepClone(),
            })
            .Add("journal", "JournalPlugin", journal.DeepClone())
            .WriteTo(PrimaryConfig);
        _backup = (peerPort, FreePort.Get(), mqtt, sync, journal);
        ReconfigureBackup(options.BackupMode);
    }

    /// <summary>Writes node-b's <c>modules.json</c> with <paramref name="mode"/> (same data folder and API port): a mode change at its next start.</summary>
    public void ReconfigureBackup(string mode)
    {
        var (peerPort, apiPort, mqtt, sync, journal) = _backup;
        new NodeConfig("node-b", Path.Combine(_folder.Path, "b", "data"), apiPort)
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = mode,
                ["remoteCertificate"] = "node-a.pem",
                ["connection"] = new JsonObject
                {
                    ["host"] = "127.0.0.1", ["port"] = peerPort, ["connectionTimeout"] = _connectionTimeoutMs, ["reconnectDelay"] = 100,
                },
                ["mqtt"] = mqtt.DeepClone(),
                ["sync"] = sync.DeepClone(),
            })
            .Add("journal", "JournalPlugin", journal.DeepClone())
            .WriteTo(BackupConfig);
    }

    /// <summary>A node's modules.json as JSON (comments skipped).</summary>
    public static JsonNode ReadConfig(string path) =>
        JsonNode.Parse(File.ReadAllText(path), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;

    /// <summary>One instance of a modules.json.</summary>
    public static JsonObject Instance(JsonNode file, string instance) =>
        file["modules"]!.AsArray().OfType<JsonObject>().Single(m => m["instance"]!.GetValue<string>() == instance);

    /// <summary>Edits the journal instance's <c>periodMs</c> in a node's modules.json (an edit while stopped, or before a reload).</summary>
    public static void SetJournalPeriod(string path, int periodMs)
    {
        var file = ReadConfig(path);
        Instance(file, "journal")["settings"]!["periodMs"] = periodMs;
        File.WriteAllText(path, file.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The journal instance's <c>periodMs</c> in a node's modules.json.</summary>
    public static long JournalFilePeriod(string path) => Instance(ReadConfig(path), "journal")["settings"]!["periodMs"]!.GetValue<long>();

    /// <summary>The <c>periodMs</c> the running journal instance uses, from its status section.</summary>
    public static long JournalPeriod(JsonNode status) => status["services"]?[JournalSection]?["periodMs"]?.GetValue<long>() ?? 0;

    public string PrimaryConfig { get; }

    public string BackupConfig { get; }

    public NodeProcess? Primary { get; private set; }

    public NodeProcess? Backup { get; private set; }

    public static async Task<SyncPair> CreateAsync(SyncPairOptions options)
    {
        var pair = new SyncPair(options);
        var a = await HostCli.RunAsync("cert", "show", "--config", pair.PrimaryConfig);
        var b = await HostCli.RunAsync("cert", "show", "--config", pair.BackupConfig);
        if (a.ExitCode != 0 || b.ExitCode != 0)
        {
            throw new InvalidOperationException($"n3host cert show failed: {a.Output} {b.Output}");
        }

        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(pair.BackupConfig)!, "node-a.pem"), a.StdOut);
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(pair.PrimaryConfig)!, "node-b.pem"), b.StdOut);
        return pair;
    }

    public NodeProcess StartPrimary() => Primary = NodeProcess.Start(PrimaryConfig, "--plugins", _primaryPlugins);

    public NodeProcess StartBackup() => Backup = NodeProcess.Start(BackupConfig, "--plugins", _backupPlugins);

    /// <summary>The node's whole status (<c>n3host status --json</c>); null while its API does not answer.</summary>
    public static async Task<JsonNode?> StatusAsync(string config)
    {
        var result = await HostCli.RunAsync("status", "--config", config, "--json");
        return result.ExitCode == 0 ? JsonNode.Parse(result.StdOut) : null;
    }

    /// <summary>Polls the node's status until <paramref name="condition"/> holds; returns that status.</summary>
    public static async Task<JsonNode> StatusWhenAsync(string config, Func<JsonNode, bool> condition, string because, int timeoutSeconds = 30, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync(config);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out waiting until {because}. Last status of {config}:\n{last?.ToJsonString() ?? "(no answer)"}{diagnostics?.Invoke()}");
    }

    /// <summary>
    /// Polls the node's status until <paramref name="condition"/> holds, for as long as <paramref name="progress"/> (the records
    /// it holds from the other node, say) keeps growing: a sync of one record per round trip takes as long as the machine makes it, so this fails
    /// only when nothing moved for <paramref name="stallSeconds"/>, not after a fixed time.
    /// </summary>
    public static async Task<JsonNode> StatusWhenProgressingAsync(
        string config, Func<JsonNode, bool> condition, Func<JsonNode, long> progress, string because, int stallSeconds = 30, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(stallSeconds);
        var best = long.MinValue;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await StatusAsync(config);
            if (last is not null && condition(last))
            {
                return last;
            }

            if (last is not null && progress(last) > best)
            {
                best = progress(last);
                deadline = DateTime.UtcNow.AddSeconds(stallSeconds);
            }

            await Task.Delay(50);
        }

        throw new TimeoutException(
            $"Timed out waiting until {because}: no progress for {stallSeconds} s. Last status of {config}:\n{last?.ToJsonString() ?? "(no answer)"}{diagnostics?.Invoke()}");
    }

    /// <summary>The last lines each node logged, for a failure message.</summary>
    public string Logs(int lines = 80) =>
        $"\n--- primary, last {lines} lines ---\n{string.Join('\n', (Primary?.Lines ?? []).TakeLast(lines))}"
        + $"\n--- backup, last {lines} lines ---\n{string.Join('\n', (Backup?.Lines ?? []).TakeLast(lines))}";

    public static JsonNode? Redundancy(JsonNode status) => status["services"]?["redundancy"];

    public static string? Role(JsonNode status) => Redundancy(status)?["role"]?.GetValue<string>();

    /// <summary>What the node's journal holds now from <paramref name="origin"/> (count, lastSequence, duplicates, digest); null if nothing.</summary>
    public static JsonNode? Origin(JsonNode status, string origin) => status["services"]?[JournalSection]?["now"]?["origins"]?[origin];

    public static long Count(JsonNode status, string origin) => Origin(status, origin)?["count"]?.GetValue<long>() ?? 0;

    public async ValueTask DisposeAsync()
    {
        if (Primary is not null)
        {
            await Primary.DisposeAsync();
        }

        if (Backup is not null)
        {
            await Backup.DisposeAsync();
        }

        _folder.Dispose();
    }
}
