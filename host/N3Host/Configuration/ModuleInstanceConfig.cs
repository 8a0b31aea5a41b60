using Microsoft.Extensions.Configuration;
using NuGet.Versioning;

namespace N3Host.Configuration;

/// <summary>One entry of <c>modules</c> in modules.json.</summary>
/// <param name="Instance">The instance's name, unique on the node.</param>
/// <param name="Module">The module's name (its plugin folder).</param>
/// <param name="Version">The plugin versions this instance accepts, if given.</param>
/// <param name="Enabled">False to keep the instance configured but not running.</param>
/// <param name="Settings">The instance's <c>settings</c> object.</param>
/// <param name="SettingsJson">The <c>settings</c> object as JSON.</param>
internal sealed record ModuleInstanceConfig(string Instance, string Module, VersionRange? Version, bool Enabled, IConfiguration Settings, string SettingsJson);
