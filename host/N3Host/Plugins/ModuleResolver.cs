using N3Host.Configuration;
using NuGet.Versioning;

namespace N3Host.Plugins;

/// <summary>Checks and loads the plugin of each configured instance, in modules.json order.</summary>
internal static class ModuleResolver
{
    /// <summary>
    /// Resolves every instance. An unknown module is a configuration error (the node cannot run);
    /// a plugin that fails a check is refused for its instances while the others run.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="catalog">The plugins found.</param>
    /// <param name="loadedBefore">The running node's instances (after a reload): their plugins are not loaded again.</param>
    public static IReadOnlyList<ModuleDefinition> Resolve(NodeConfiguration config, PluginCatalog catalog, IReadOnlyList<ModuleDefinition>? loadedBefore = null)
    {
        var loaded = new Dictionary<string, LoadedPlugin>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in loadedBefore ?? [])
        {
            if (definition.ModuleType is not null && definition.Manifest is not null && catalog.TryGet(definition.Config.Module, out var known))
            {
                loaded[known.Name] = new LoadedPlugin(definition.ModuleType, definition.Manifest);
            }
        }

        var refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<ModuleDefinition>();
        foreach (var instance in config.Modules)
        {
            if (!catalog.TryGet(instance.Module, out var plugin))
            {
                if (!instance.Enabled)
                {
                    result.Add(new ModuleDefinition(instance, null, null, null, null));
                    continue;
                }

                var installed = catalog.All.Count == 0 ? "none" : string.Join(", ", catalog.All.Select(p => p.Name));
                throw new ConfigurationException(
                    $"{config.ConfigPath}: instance \"{instance.Instance}\": unknown module \"{instance.Module}\": no folder plugins/{instance.Module}/ in {catalog.Directory} (installed: {installed})");
            }

            var version = plugin.Version is null ? null : new NuGetVersion(plugin.Version).ToNormalizedString();
            if (!instance.Enabled)
            {
                result.Add(new ModuleDefinition(instance, null, null, version, null));
                continue;
            }

            var refusal = CheckRange(instance, plugin) ?? LoadOnce(plugin, loaded, refused);
            result.Add(refusal is null
                ? new ModuleDefinition(instance, loaded[plugin.Name].ModuleType, loaded[plugin.Name].Manifest, version, null)
                : new ModuleDefinition(instance, null, null, version, refusal));
        }

        return result;
    }

    /// <summary>Null if the instance's version range admits the plugin, otherwise why not (naming both versions).</summary>
    public static string? CheckRange(ModuleInstanceConfig instance, PluginInspection plugin)
    {
        if (instance.Version is null || plugin.Version is null)
        {
            return null;
        }

        var version = new NuGetVersion(plugin.Version);
        return instance.Version.Satisfies(version)
            ? null
            : $"instance {instance.Instance} wants {instance.Module} version {instance.Version.OriginalString ?? instance.Version.ToNormalizedString()}, the installed plugin is version {version.ToNormalizedString()}";
    }

    private static string? LoadOnce(PluginInspection plugin, Dictionary<string, LoadedPlugin> loaded, Dictionary<string, string> refused)
    {
        if (loaded.ContainsKey(plugin.Name))
        {
            return null;
        }

        if (refused.TryGetValue(plugin.Name, out var reason))
        {
            return reason;
        }

        try
        {
            loaded[plugin.Name] = ModuleTypeLoader.Load(plugin);
            return null;
        }
        catch (PluginRefusedException e)
        {
            refused[plugin.Name] = e.Message;
            return e.Message;
        }
    }
}
