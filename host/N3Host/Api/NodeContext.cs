using N3Host.Configuration;
using N3Host.Node;
using N3Host.Plugins;

namespace N3Host.Api;

/// <summary>What the management API reads: the configuration, the plugins found, and the running node.</summary>
internal sealed class NodeContext(NodeConfiguration config, PluginCatalog catalog, IReadOnlyList<ModuleDefinition> definitions, NodeRuntime runtime)
{
    private volatile Snapshot _current = new(config, definitions);

    /// <summary>The configuration in force (replaced by a reload or a configuration from the peer).</summary>
    public NodeConfiguration Config => _current.Config;

    /// <summary>The instances in force, resolved.</summary>
    public IReadOnlyList<ModuleDefinition> Definitions => _current.Definitions;

    public PluginCatalog Catalog { get; } = catalog;

    public NodeRuntime Runtime { get; } = runtime;

    /// <summary>Reloads the configuration (<c>n3host reload</c>, <c>POST /api/config/reload</c>); null until the node runs its modules.</summary>
    public SharedConfigurationService? Configuration { get; set; }

    /// <summary>Pairing by code (<c>n3host pair</c>, <c>/api/pair</c>); null until the node's certificate is loaded.</summary>
    public Pairing.PairingService? Pairing { get; set; }

    /// <summary>Puts a new configuration in force (both at once, for readers).</summary>
    public void Replace(NodeConfiguration newConfig, IReadOnlyList<ModuleDefinition> newDefinitions) => _current = new Snapshot(newConfig, newDefinitions);

    private sealed record Snapshot(NodeConfiguration Config, IReadOnlyList<ModuleDefinition> Definitions);
}
