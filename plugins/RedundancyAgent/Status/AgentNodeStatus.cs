namespace N3Host.Plugins.RedundancyAgent;

/// <summary>One node of the pair in the agent's status.</summary>
internal sealed record AgentNodeStatus(string Endpoint, string State, long Term, string? Node, string? Detail, DateTimeOffset? LastProbe);
