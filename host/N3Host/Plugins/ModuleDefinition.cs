using N3Host.Configuration;
using N3Host.Contracts;

namespace N3Host.Plugins;

/// <summary>A configured instance with what the host found for it: a module type to run, or the reason it was refused.</summary>
/// <param name="Config">The instance from modules.json.</param>
/// <param name="ModuleType">The module type, when loaded.</param>
/// <param name="Manifest">The manifest, when loaded.</param>
/// <param name="Version">The plugin's version, when it could be read.</param>
/// <param name="Refusal">Why it does not run, or null.</param>
internal sealed record ModuleDefinition(ModuleInstanceConfig Config, Type? ModuleType, ModuleManifest? Manifest, string? Version, string? Refusal)
{
    public RoleFollowing Follows => Manifest?.Follows ?? RoleFollowing.ActiveOnly;
}
