using N3Host.PluginKit.Metrics;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The redundancy agent's metrics (docs/monitoring.md), read from each running instance's status.</summary>
internal static class AgentMetrics
{
    public static readonly InstanceMetrics<AgentStatus> Instruments = new InstanceMetrics<AgentStatus>("N3Host.RedundancyAgent")
        .Gauge("n3host.agent.connections", "{connection}", "Connections the agent forwards now", s => s.Connections)
        .Counter("n3host.agent.connections.accepted", "{connection}", "Connections the agent accepted (since it last started)", s => s.Accepted)
        .Counter("n3host.agent.connections.refused", "{connection}", "Connections refused because no node of the pair was active", s => s.Refused)
        .Counter("n3host.agent.bytes", "By", "Bytes forwarded, by direction", "direction", ("to_pair", s => s.BytesToPair), ("from_pair", s => s.BytesFromPair))
        .Counter("n3host.agent.switches", "{switch}", "Times the agent moved its target to the other node", s => s.Switches);
}
