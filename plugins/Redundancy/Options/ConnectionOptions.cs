using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The backup's <c>connection</c> section: how it reaches the primary and when it gives up on it.</summary>
public sealed record ConnectionOptions
{
    /// <summary><c>connection.host</c>: the primary's host name or address (required on a backup).</summary>
    [Setting("host")]
    public string? Host { get; init; }

    /// <summary><c>connection.port</c>: the primary's port.</summary>
    [Setting("port", Min = 1, Max = 65535)]
    public int Port { get; init; } = 3002;

    /// <summary><c>connection.connectionTimeout</c>: no valid frame from the peer for this long = the peer is unavailable (both nodes use it).</summary>
    [Setting("connectionTimeout", Min = RedundancyOptions.MinTimeoutMs, Max = RedundancyOptions.MaxTimeoutMs)]
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromMilliseconds(5_000);

    /// <summary>
    /// <c>connection.handshakeTimeout</c>: the bound on a connection attempt after TCP connected (TLS handshake and hello, on both
    /// nodes). An attempt in progress is not a dead primary: the backup does not go active while one runs.
    /// </summary>
    [Setting("handshakeTimeout", Min = RedundancyOptions.MinTimeoutMs, Max = RedundancyOptions.MaxTimeoutMs)]
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromMilliseconds(10_000);

    /// <summary><c>connection.reconnectDelay</c>: the wait after a failed or lost connection.</summary>
    [Setting("reconnectDelay", Min = 10, Max = RedundancyOptions.MaxTimeoutMs)]
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(1_000);
}
