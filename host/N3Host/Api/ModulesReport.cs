using N3Host.Plugins;
using NuGet.Versioning;

namespace N3Host.Api;

/// <summary>Builds the modules report from the plugins found and the instances resolved (nothing is started).</summary>
internal static class ModulesReport
{
    public const string Ok = "ok";

    /// <param name="catalog">The plugins found.</param>
    /// <param name="definitions">The configured instances, resolved.</param>
    /// <param name="loadUnused">True to also load plugins no instance uses, to check their module type.</param>
    public static ModulesReportDto Build(PluginCatalog catalog, IReadOnlyList<ModuleDefinition> definitions, bool loadUnused)
    {
        var plugins = new List<PluginReportDto>();
        foreach (var plugin in catalog.All)
        {
            var version = plugin.Version is null ? null : new NuGetVersion(plugin.Version).ToNormalizedString();
            var contracts = plugin.ContractsVersion?.ToString();
            var used = definitions.FirstOrDefault(d => d.Manifest is not null && string.Equals(d.Config.Module, plugin.Name, StringComparison.OrdinalIgnoreCase));
            if (used?.Manifest is { } manifest)
            {
                plugins.Add(new PluginReportDto(plugin.Name, version, contracts, manifest.Follows, manifest.Description, Ok));
                continue;
            }

            if (plugin.Problem is not null)
            {
                plugins.Add(new PluginReportDto(plugin.Name, version, contracts, null, null, plugin.Problem));
                continue;
            }

            var loadRefusal = definitions.FirstOrDefault(d => string.Equals(d.Config.Module, plugin.Name, StringComparison.OrdinalIgnoreCase)
                && d.Refusal is not null && ModuleResolver.CheckRange(d.Config, plugin) is null)?.Refusal;
            if (loadRefusal is not null)
            {
                plugins.Add(new PluginReportDto(plugin.Name, version, contracts, null, null, loadRefusal));
                continue;
            }

            if (!loadUnused)
            {
                plugins.Add(new PluginReportDto(plugin.Name, version, contracts, null, null, Ok));
                continue;
            }

            try
            {
                var loaded = ModuleTypeLoader.Load(plugin);
                plugins.Add(new PluginReportDto(plugin.Name, version, contracts, loaded.Manifest.Follows, loaded.Manifest.Description, Ok));
            }
            catch (PluginRefusedException e)
            {
                plugins.Add(new PluginReportDto(plugin.Name, version, contracts, null, null, e.Message));
            }
        }

        var instances = definitions.Select(d => new InstanceCheckDto(
            d.Config.Instance,
            d.Config.Module,
            d.Config.Enabled,
            d.Config.Version?.OriginalString ?? d.Config.Version?.ToNormalizedString(),
            d.Version,
            d.Refusal ?? (d.Config.Enabled ? Ok : "disabled"))).ToList();
        return new ModulesReportDto(catalog.Directory, HostVersions.HostText, HostVersions.ContractsText, plugins, instances);
    }
}
