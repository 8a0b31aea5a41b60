namespace N3Host.PluginKit.Settings;

/// <summary>
/// An options type (or a section of one) with rules its settings' own ranges cannot say: settings that depend on each
/// other, a setting required only in some mode. <see cref="SettingsBinder"/> calls <see cref="Check"/> after binding.
/// </summary>
public interface ISettingsRules
{
    /// <summary>Adds a problem to <paramref name="check"/> for every rule the bound values break.</summary>
    void Check(SettingsCheck check);
}
