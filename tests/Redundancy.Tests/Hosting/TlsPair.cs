using System.Text.Json.Nodes;
using N3Host.Testing.Harness;
using N3Host.Testing;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A primary and a backup RedundancyModule in one process, paired over loopback TLS with certificates generated for the test.</summary>
internal sealed class TlsPair : IAsyncDisposable
{
    private readonly TempFolder _folder = new();

    public TlsPair(int connectionTimeoutMs = 1_000, int initialStandbyMs = 2_000, string? mqttBroker = null, string? backupMqttBroker = null,
        HostCertificate? primaryTrusts = null, string failback = "automatic")
    {
        Port = FreePort.Get();
        PrimaryCertificate = HostCertificate.Create("node-a");
        BackupCertificate = HostCertificate.Create("node-b");
        PrimarySettings = new JsonObject
        {
            ["mode"] = "primary",
            ["remoteCertificate"] = (primaryTrusts ?? BackupCertificate).Pem,
            ["server"] = new JsonObject { ["port"] = Port, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = initialStandbyMs },
            ["connection"] = new JsonObject { ["connectionTimeout"] = connectionTimeoutMs },
            ["failback"] = failback,
            ["mqtt"] = Mqtt(mqttBroker),
        };
        BackupSettings = new JsonObject
        {
            ["mode"] = "backup",
            ["remoteCertificate"] = PrimaryCertificate.Pem,
            ["connection"] = new JsonObject
            {
                ["host"] = "127.0.0.1", ["port"] = Port, ["connectionTimeout"] = connectionTimeoutMs, ["reconnectDelay"] = 100,
            },
            ["mqtt"] = Mqtt(backupMqttBroker ?? mqttBroker),
        };
        Primary = NewPrimary();
        Backup = new ModuleNode("node-b", PrimaryDataDirectory.Replace("node-a", "node-b", StringComparison.Ordinal), BackupCertificate, BackupSettings, History);
    }

    public int Port { get; }

    public RoleHistory History { get; } = new();

    public HostCertificate PrimaryCertificate { get; }

    public HostCertificate BackupCertificate { get; }

    public JsonObject PrimarySettings { get; }

    public JsonObject BackupSettings { get; }

    public ModuleNode Primary { get; private set; }

    public ModuleNode Backup { get; }

    private string PrimaryDataDirectory => Path.Combine(_folder.Path, "node-a");

    /// <summary>A new incarnation of the primary (same data folder and certificate), as after a restart.</summary>
    public async Task<ModuleNode> RestartPrimaryAsync()
    {
        await Primary.StopAsync();
        Primary = NewPrimary();
        await Primary.StartAsync();
        return Primary;
    }

    public string Dump() => Primary.Dump() + Environment.NewLine + Backup.Dump();

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        await Backup.DisposeAsync();
        _folder.Dispose();
        TestLog.ThrowIfUnexpectedErrors([Primary.Context.Log, Backup.Context.Log], "PeerRefused");
    }

    private ModuleNode NewPrimary() => new("node-a", PrimaryDataDirectory, PrimaryCertificate, PrimarySettings, History);

    private static JsonObject Mqtt(string? broker) => broker is null
        ? new JsonObject { ["enabled"] = false }
        : new JsonObject { ["broker"] = broker, ["statusIntervalMs"] = 200 };
}
