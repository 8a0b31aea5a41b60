namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The status section <c>redundancyAgent:&lt;instance&gt;</c>.</summary>
internal sealed record AgentStatus(
    string Listen,
    string? Target,
    string? TargetNode,
    AgentNodeStatus Primary,
    AgentNodeStatus Backup,
    int Connections,
    long Accepted,
    long Refused,
    long BytesToPair,
    long BytesFromPair,
    long Switches);
