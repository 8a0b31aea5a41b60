using N3Host.PluginKit.Metrics;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// The redundancy instance's metrics (docs/monitoring.md), read from its status at each scrape. The role, term and failovers are the
/// node's own (the host exports them for every node, with or without a Redundancy instance).
/// </summary>
internal static class RedundancyMetrics
{
    public static readonly InstanceMetrics<RedundancyStatus> Instruments = new InstanceMetrics<RedundancyStatus>("N3Host.Redundancy")
        .Gauge("n3host.redundancy.service_level", null, "The node's health 0-255 as the pair compares it", s => s.ServiceLevel)
        .Flag("n3host.redundancy.peer.connected", "1 while the peer link is up", s => s.Peer.Connected)
        .Counter("n3host.redundancy.sync.records", "{record}", "Stored-data records sent to or received from the peer in the current sync session", "direction",
            ("outbound", s => s.Sync?.Outbound.Records), ("inbound", s => s.Sync?.Inbound.Records))
        .Gauge("n3host.redundancy.sync.lag.records", "{record}", "Records sent to the peer and not yet applied there",
            s => s.Sync is { } sync ? Math.Max(0, sync.Outbound.Records - sync.Outbound.AppliedRecords) : null);
}
