using N3Host.Plugins;

namespace N3Host.Supervision;

/// <summary>A new list of instances for the supervisor, and what it did with them.</summary>
/// <param name="Definitions">Every configured instance, in modules.json order.</param>
internal sealed class Reconfiguration(IReadOnlyList<ModuleDefinition> definitions)
{
    public IReadOnlyList<ModuleDefinition> Definitions { get; } = definitions;

    /// <summary>Instances that are new and were brought up.</summary>
    public List<string> Added { get; } = [];

    /// <summary>Instances whose configuration changed: stopped and brought up again with the new settings.</summary>
    public List<string> Restarted { get; } = [];

    /// <summary>Instances no longer configured: stopped and disposed.</summary>
    public List<string> Removed { get; } = [];

    /// <summary>True if the instance's module, version range, enabled flag or settings differ.</summary>
    public static bool Differs(ModuleDefinition before, ModuleDefinition after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = before.Config;
        var b = after.Config;
        return !string.Equals(a.Module, b.Module, StringComparison.OrdinalIgnoreCase)
            || a.Enabled != b.Enabled
            || !string.Equals(a.Version?.ToNormalizedString(), b.Version?.ToNormalizedString(), StringComparison.Ordinal)
            || !string.Equals(before.Refusal, after.Refusal, StringComparison.Ordinal)
            || !string.Equals(Canonical(a.SettingsJson), Canonical(b.SettingsJson), StringComparison.Ordinal);
    }

    private static string Canonical(string json) => Configuration.SharedModules.Canonical(Configuration.SharedModules.ParseShared($"[{json}]"));
}
