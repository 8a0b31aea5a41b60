using N3Host.Plugins.Redundancy.Peer;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// Stored-data synchronization over the pair's link: opened on every paired link whose versions match, fed the link's
/// sync frames, and closed with the link.
/// </summary>
internal interface IPeerLinkSync
{
    /// <summary>
    /// Called (under the coordinator's lock, so it must not block) when a link is paired; returns what receives its sync
    /// frames. <paramref name="newPairing"/>: the pair agreed this is a new pairing (a mode change on either node), so the
    /// primary's stored data overwrite the backup's.
    /// </summary>
    ILinkSync Open(PeerConnection connection, string peerNode, bool newPairing);
}
