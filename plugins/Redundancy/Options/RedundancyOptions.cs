using System.Net;
using Microsoft.Extensions.Configuration;
using N3Host.Contracts;
using N3Host.PluginKit.Settings;
using N3Host.Plugins.Redundancy.Sync;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The redundancy instance's settings (node-local, never synchronized). Defaults and ranges live here, once.</summary>
public sealed record RedundancyOptions : ISettingsRules
{
    /// <summary>The shortest and longest allowed connection and handshake timeouts, ms.</summary>
    public const int MinTimeoutMs = 50;

    /// <inheritdoc cref="MinTimeoutMs"/>
    public const int MaxTimeoutMs = 600_000;

    private const string WitnessRule = "mqtt://host:port or mqtts://host:port, with optional user:password@ before the host, for example mqtt://10.0.0.5:1883";

    /// <summary><c>mode</c>: standalone, primary or backup.</summary>
    [Setting("mode")]
    public RedundancyMode Mode { get; init; } = RedundancyMode.Standalone;

    /// <summary><c>remoteCertificate</c>: the peer's certificate as PEM, inline or a file path (required on primary and backup).</summary>
    [Setting("remoteCertificate")]
    public string? RemoteCertificate { get; init; }

    /// <summary><c>server</c>: the primary's listener.</summary>
    [Setting("server")]
    public ServerOptions Server { get; init; } = new();

    /// <summary><c>connection</c>: the backup's connection, and the silence timeout on both nodes.</summary>
    [Setting("connection")]
    public ConnectionOptions Connection { get; init; } = new();

    /// <summary><c>heartbeatInterval</c>: at most half of <c>connection.connectionTimeout</c>; left out: a fifth of it (at least 10 ms).</summary>
    [Setting("heartbeatInterval", Min = 10, Max = MaxTimeoutMs / 2)]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(1_000);

    /// <summary><c>failback</c>: automatic or manual.</summary>
    [Setting("failback")]
    public FailbackMode Failback { get; init; } = FailbackMode.Automatic;

    /// <summary><c>witness</c>: the MQTT broker both nodes reach by another path, as given; absent: no witness.</summary>
    [Setting("witness", Rule = WitnessRule)]
    public string? WitnessBroker { get; init; }

    /// <summary>The <c>witness</c> setting parsed (with its topic under <c>mqtt.topicPrefix</c>); null: no witness.</summary>
    internal Witness.WitnessOptions? Witness { get; set; }

    /// <summary><c>mqtt</c>: publishing of status, role and module states.</summary>
    [Setting("mqtt")]
    public MqttOptions Mqtt { get; init; } = new();

    /// <summary><c>sync</c>: how stored-data synchronization batches records.</summary>
    [Setting("sync")]
    public SyncOptions Sync { get; init; } = new();

    /// <summary>The largest peer frame accepted, checked before anything is allocated.</summary>
    public int MaxFrameSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>The largest <c>sync.maxBatchBytes</c>: a batch travels in one frame of the peer link, with room for its headers.</summary>
    public int MaxBatchBytes => MaxFrameSize - (64 * 1024);

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Mode != RedundancyMode.Standalone && RemoteCertificate is null)
        {
            check.Fail("remoteCertificate",
                "the other node's certificate (n3host cert show on that node) as PEM, or the path of a file holding it (required in primary and backup mode)");
        }

        if (Mode == RedundancyMode.Backup && Connection.Host is null)
        {
            check.Fail("connection.host", "the primary's host name or IP address (required in backup mode)");
        }

        var heartbeatMax = (int)Connection.ConnectionTimeout.TotalMilliseconds / 2;
        if (check.Given("heartbeatInterval") is not null && HeartbeatInterval.TotalMilliseconds > heartbeatMax)
        {
            check.Fail("heartbeatInterval", $"a whole number in 10..{heartbeatMax} (at most half of connection.connectionTimeout)");
        }

        if (WitnessBroker is not null && Redundancy.Witness.WitnessOptions.Parse(WitnessBroker, Mqtt.TopicPrefix).Options is null)
        {
            check.Fail("witness", WitnessRule);
        }

        if (Sync.MaxBatchBytes > MaxBatchBytes)
        {
            check.Fail("sync.maxBatchBytes", $"a whole number in 4096..{MaxBatchBytes} (a batch must fit in one frame of the peer link)");
        }
    }

    /// <summary>
    /// Fills in what depends on other settings (after binding, before validation): the heartbeat, when left out, is a fifth
    /// of the connection timeout; <c>mqtt.tls</c>, when left out, follows the broker's scheme; the witness is parsed.
    /// </summary>
    public void Complete(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrEmpty(settings["heartbeatInterval"]))
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(Math.Max(10, (int)Connection.ConnectionTimeout.TotalMilliseconds / 5));
        }

        if (string.IsNullOrEmpty(settings["mqtt:tls"]))
        {
            Mqtt.Tls = Mqtt.Broker.Scheme == "mqtts";
        }

        Witness = WitnessBroker is null ? null : Redundancy.Witness.WitnessOptions.Parse(WitnessBroker, Mqtt.TopicPrefix + "/witness").Options;
    }
}
