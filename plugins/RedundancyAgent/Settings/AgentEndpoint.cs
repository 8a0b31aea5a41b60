using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>One node of the pair (the <c>primary</c> or <c>backup</c> section): a name for people and its link server's address.</summary>
public sealed record AgentEndpoint
{
    /// <summary>primary or backup (the section's name).</summary>
    public string Name { get; init; } = "";

    /// <summary><c>host</c>: that node's host name or IP address. Required.</summary>
    [Setting("host", Required = true, Rule = "that node's host name or IP address")]
    public string Host { get; init; } = "";

    /// <summary><c>port</c>: that node's link server port. Required.</summary>
    [Setting("port", Required = true, Min = 1, Max = 65535)]
    public int Port { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Host}:{Port}";
}
