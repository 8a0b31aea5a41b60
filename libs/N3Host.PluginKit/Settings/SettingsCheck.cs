namespace N3Host.PluginKit.Settings;

/// <summary>What an <see cref="ISettingsRules"/> checks with: its section's raw settings, and where its problems go.</summary>
public sealed class SettingsCheck
{
    private readonly ICollection<SettingProblem> _problems;
    private readonly string _prefix;

    internal SettingsCheck(Microsoft.Extensions.Configuration.IConfiguration settings, string prefix, ICollection<SettingProblem> problems)
    {
        Settings = settings;
        _prefix = prefix;
        _problems = problems;
    }

    /// <summary>The section's settings as given (to tell a setting left out from one given with its default value).</summary>
    public Microsoft.Extensions.Configuration.IConfiguration Settings { get; }

    /// <summary>The value given for <paramref name="setting"/> in this section, or null.</summary>
    public string? Given(string setting) => Settings[setting.Replace('.', ':')] is { Length: > 0 } value ? value : null;

    /// <summary>Adds a problem: <paramref name="setting"/> (relative to this section) must be <paramref name="allowed"/>; its value is read from the settings.</summary>
    public void Fail(string setting, string allowed) => _problems.Add(SettingProblem.Invalid(_prefix + setting, Given(setting), allowed));

    /// <summary>Adds a problem with the value given explicitly (a value that is not a plain setting, such as a list entry).</summary>
    public void Fail(string setting, string? value, string allowed) => _problems.Add(SettingProblem.Invalid(_prefix + setting, value, allowed));

    /// <summary>Adds a problem worded freely after the setting and its value (<c>is not a setting of a server link</c>).</summary>
    public void Refuse(string setting, string? value, string problem) => _problems.Add(new SettingProblem(_prefix + setting, value, problem));
}
