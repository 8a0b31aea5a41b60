using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Roles;

namespace N3Host.Plugins.Redundancy.Mqtt;

/// <summary>
/// Hands the node's redundancy state to the node's status publisher (<see cref="INodeServices.PublishState"/>), which puts it on
/// <c>&lt;prefix&gt;/&lt;node&gt;/redundancy</c> at once: the module publishes nothing itself.
/// </summary>
internal sealed class RedundancyMirror(INodeServices services, string nodeName, string hostVersion)
{
    /// <summary>The node's state topic under its prefix.</summary>
    public const string Topic = "redundancy";

    private readonly Lock _lock = new();
    private long _generation;

    /// <summary>
    /// Publishes the redundancy state, unless a newer snapshot was published already: snapshots come from several threads
    /// (role changes, sync progress, configuration sync), and one taken earlier may arrive later. The node publishes the
    /// calls in their order, so the check and the hand-over are made under one lock.
    /// </summary>
    public void Redundancy(RedundancyStatus status)
    {
        lock (_lock)
        {
            if (status.Generation != 0 && status.Generation <= _generation)
            {
                return;
            }

            _generation = status.Generation;
            services.PublishState(Topic, Payload(status));
        }
    }

    private RedundancyPayload Payload(RedundancyStatus status) =>
        new(nodeName, status.Mode, status.Role, status.Term, status.Peer.Connected, status.Peer.Node, status.Peer.Role, status.Since, status.Reason, hostVersion)
        {
            ServiceLevel = status.ServiceLevel,
            Timeouts = status.Timeouts,
            Witness = status.Witness,
            Fence = status.Fence,
            VersionMismatch = status.VersionMismatch,
            VersionSkew = status.VersionSkew,
            Pairing = status.Pairing,
            Overwrite = status.Overwrite,
            Sync = status.Sync,
            Config = status.Config,
        };
}
