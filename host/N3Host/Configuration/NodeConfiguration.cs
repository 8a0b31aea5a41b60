namespace N3Host.Configuration;

/// <summary>A validated modules.json.</summary>
/// <param name="ConfigPath">The file's full path.</param>
/// <param name="Node">The node section.</param>
/// <param name="Supervisor">The supervisor section.</param>
/// <param name="Modules">The module instances, in file order.</param>
internal sealed record NodeConfiguration(string ConfigPath, NodeSettings Node, SupervisorSettings Supervisor, IReadOnlyList<ModuleInstanceConfig> Modules)
{
    /// <summary>The <c>mqtt</c> section: where the node publishes its status (read at start).</summary>
    public Status.MqttSettings Mqtt { get; init; } = Status.MqttSettings.Default;
}
