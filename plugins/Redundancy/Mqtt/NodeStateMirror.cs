using System.Text.Json;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Roles;

namespace N3Host.Plugins.Redundancy.Mqtt;

/// <summary>Turns the node's redundancy state and module states into retained topic payloads for the publisher.</summary>
internal sealed class NodeStateMirror(MqttStatePublisher publisher, MqttTopics topics, string nodeName, string hostVersion)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _lock = new();
    private long _generation;

    /// <summary>
    /// Publishes the redundancy state, unless a newer snapshot was published already: snapshots come from several threads
    /// (role changes, sync progress, configuration sync), and one taken earlier may arrive later.
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
            Publish(status);
        }
    }

    private void Publish(RedundancyStatus status) => publisher.Set(topics.Redundancy, JsonSerializer.SerializeToUtf8Bytes(
        new RedundancyPayload(nodeName, status.Mode, status.Role, status.Term, status.Peer.Connected, status.Peer.Node, status.Peer.Role, status.Since, status.Reason, hostVersion)
        {
            ServiceLevel = status.ServiceLevel,
            Timeouts = status.Timeouts,
            Witness = status.Witness,
            Fence = status.Fence,
            VersionMismatch = status.VersionMismatch,
            Pairing = status.Pairing,
            Overwrite = status.Overwrite,
            Sync = status.Sync,
            Config = status.Config,
        },
        Json));

    public void Module(ModuleStatus status) => publisher.Set(topics.Module(status.Instance), JsonSerializer.SerializeToUtf8Bytes(
        new ModulePayload(status.State.ToString().ToLowerInvariant(), status.Module, status.Version, status.Since, status.LastError),
        Json));
}
