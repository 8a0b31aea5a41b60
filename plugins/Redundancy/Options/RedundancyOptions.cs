using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Sync;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The redundancy instance's settings (node-local, never synchronized).</summary>
internal sealed record RedundancyOptions
{
    /// <summary><c>mode</c>: standalone, primary or backup.</summary>
    public RedundancyMode Mode { get; init; } = RedundancyMode.Standalone;

    /// <summary><c>remoteCertificate</c>: the peer's certificate as PEM, inline or a file path (required on primary and backup).</summary>
    public string? RemoteCertificate { get; init; }

    /// <summary><c>server</c>: the primary's listener.</summary>
    public ServerOptions Server { get; init; } = new();

    /// <summary><c>connection</c>: the backup's connection, and the silence timeout on both nodes.</summary>
    public ConnectionOptions Connection { get; init; } = new();

    /// <summary><c>heartbeatInterval</c>: default a fifth of <c>connection.connectionTimeout</c>.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(1_000);

    /// <summary><c>failback</c>: automatic or manual.</summary>
    public FailbackMode Failback { get; init; } = FailbackMode.Automatic;

    /// <summary><c>witness</c>: the MQTT broker both nodes reach by another path; null: no witness.</summary>
    public Witness.WitnessOptions? Witness { get; init; }

    /// <summary><c>mqtt</c>: publishing of status, role and module states.</summary>
    public MqttOptions Mqtt { get; init; } = new();

    /// <summary><c>sync</c>: how stored-data synchronization batches records.</summary>
    public SyncOptions Sync { get; init; } = new();

    /// <summary>The largest peer frame accepted, checked before anything is allocated.</summary>
    public int MaxFrameSize { get; init; } = 16 * 1024 * 1024;
}
