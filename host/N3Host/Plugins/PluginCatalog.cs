using N3Host.Configuration;

namespace N3Host.Plugins;

/// <summary>The installed plugins: each subfolder <c>plugins/&lt;Name&gt;/</c> with <c>&lt;Name&gt;.dll</c>.</summary>
internal sealed class PluginCatalog
{
    private readonly Dictionary<string, PluginInspection> _plugins;

    private PluginCatalog(string directory, Dictionary<string, PluginInspection> plugins)
    {
        Directory = directory;
        _plugins = plugins;
    }

    /// <summary>The plugins folder.</summary>
    public string Directory { get; }

    /// <summary>Every plugin folder, by name.</summary>
    public IReadOnlyList<PluginInspection> All => [.. _plugins.Values.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The default plugins folder: <c>plugins/</c> next to the executable.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>Reads every plugin folder's metadata (nothing is loaded).</summary>
    public static PluginCatalog Discover(string? directory, Version hostContracts)
    {
        var root = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory : directory);
        if (!System.IO.Directory.Exists(root))
        {
            throw new ConfigurationException($"plugins folder not found: {root} (it must sit next to n3host, or be given with --plugins DIR)");
        }

        var plugins = new Dictionary<string, PluginInspection>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in System.IO.Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(folder);
            plugins[name] = PluginInspector.Inspect(name, Path.Combine(folder, name + ".dll"), hostContracts);
        }

        return new PluginCatalog(root, plugins);
    }

    public bool TryGet(string module, out PluginInspection plugin) => _plugins.TryGetValue(module, out plugin!);
}
