namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Constants of the sync protocol.</summary>
public static class SyncProtocol
{
    /// <summary>The protocol version carried in <see cref="SyncHello"/>; a session with another version is refused.</summary>
    public const int Version = 1;

    /// <summary>The separator between an origin and an epoch in the name a diverged sequence space is stored under.</summary>
    public const char EpochSeparator = '~';
}
