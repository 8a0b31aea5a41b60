using N3Host.Plugins.Redundancy.Peer;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>Configuration sync over the pair's link: opened on every paired link whose versions match.</summary>
internal interface IPeerConfigSync
{
    /// <summary>Called (under the coordinator's lock, so it must not block) when a link is paired; sends this node's configuration.</summary>
    IConfigLink Open(PeerConnection connection, string peerNode);
}
