using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>The configuration sync of one paired link.</summary>
internal interface IConfigLink
{
    /// <summary>The peer's configuration arrived (called under the coordinator's lock: it must not block).</summary>
    void Deliver(ConfigSnapshotMessage message);

    /// <summary>The link closed.</summary>
    void Close();
}
