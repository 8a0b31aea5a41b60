using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>The first message each side sends: who it is, its mode, versions, term and role.</summary>
internal sealed record HelloMessage(
    string Node,
    RedundancyMode Mode,
    string HostVersion,
    IReadOnlyList<ModuleVersion> Modules,
    long Term,
    NodeRole Role) : PeerMessage;
