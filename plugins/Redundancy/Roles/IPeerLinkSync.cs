using N3Host.Plugins.Redundancy.Peer;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// Stored-data synchronization over the pair's link: opened on every paired link whose versions match, fed the link's
/// sync frames, and closed with the link.
/// </summary>
internal interface IPeerLinkSync
{
    /// <summary>Called (under the coordinator's lock, so it must not block) when a link is paired; returns what receives its sync frames.</summary>
    ILinkSync Open(PeerConnection connection, string peerNode);
}
