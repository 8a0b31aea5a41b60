namespace N3Host.Plugins.RedundancyAgent;

/// <summary>One node of the pair: a name for people (primary, backup) and its link server's address.</summary>
internal sealed record AgentEndpoint(string Name, string Host, int Port)
{
    public override string ToString() => $"{Name} {Host}:{Port}";
}
