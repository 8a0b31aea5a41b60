namespace N3Host.Plugins.RedundancyAgent;

/// <summary>One node of the pair as the agent sees it: its endpoint and the last probe results.</summary>
internal sealed class PairNode(AgentEndpoint endpoint)
{
    public AgentEndpoint Endpoint { get; } = endpoint;

    public ProbeResult Last { get; set; } = ProbeResult.Unknown;

    public DateTimeOffset? LastProbe { get; set; }

    /// <summary>Probes in a row that neither said active nor definitely inactive (timeouts, errors).</summary>
    public int Inconclusive { get; set; }
}
