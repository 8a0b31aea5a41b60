namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The primary's <c>server</c> section: where it listens for the backup.</summary>
internal sealed record ServerOptions
{
    /// <summary><c>server.port</c>: TCP port, 1..65535.</summary>
    public int Port { get; init; } = 3002;

    /// <summary><c>server.networkInterface</c>: the address to listen on (0.0.0.0 for all, 127.0.0.1 for local only).</summary>
    public string NetworkInterface { get; init; } = "0.0.0.0";

    /// <summary><c>server.initialStandbyTime</c>: how long the primary waits for the backup after it starts.</summary>
    public TimeSpan InitialStandbyTime { get; init; } = TimeSpan.FromMilliseconds(10_000);
}
