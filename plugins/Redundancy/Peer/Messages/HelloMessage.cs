using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>The first message each side sends: who it is, its mode, versions, term and role, and whether it asks for a new pairing.</summary>
internal sealed record HelloMessage(
    string Node,
    RedundancyMode Mode,
    string HostVersion,
    IReadOnlyList<ModuleVersion> Modules,
    long Term,
    NodeRole Role) : PeerMessage
{
    /// <summary>
    /// The sender's redundancy mode changed since it last ran (or its overwrite is unfinished): it asks for a new pairing,
    /// in which the primary's stored data overwrite the backup's. Absent (false) from a sender that does not track it.
    /// </summary>
    public bool ModeChanged { get; init; }

    /// <summary>The sender's <c>connection.connectionTimeout</c> in ms; the pair agrees on one (<see cref="Roles.LinkTimeouts"/>). Null from an older sender.</summary>
    public long? ConnectionTimeoutMs { get; init; }

    /// <summary>The sender's <c>heartbeatInterval</c> in ms. Null from an older sender.</summary>
    public long? HeartbeatIntervalMs { get; init; }
}
