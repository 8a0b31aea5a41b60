using N3Host.Configuration;
using N3Host.Node;
using N3Host.Plugins;

namespace N3Host.Api;

/// <summary>What the management API reads: the configuration, the plugins found, and the running node.</summary>
internal sealed record NodeContext(NodeConfiguration Config, PluginCatalog Catalog, IReadOnlyList<ModuleDefinition> Definitions, NodeRuntime Runtime);
