namespace N3Host.PluginKit.Settings;

/// <summary>One bad setting of an instance: its path (<c>connection.port</c>, <c>tags[2].type</c>), the value given, and what is wrong.</summary>
/// <param name="Setting">The setting's path in the instance's settings.</param>
/// <param name="Value">The value given, or null when the setting is missing.</param>
/// <param name="Problem">What is wrong, in words that follow the value (<c>must be a whole number in 1..65535</c>).</param>
public sealed record SettingProblem(string Setting, string? Value, string Problem)
{
    /// <summary>A value outside what is allowed: <c>must be</c> <paramref name="allowed"/>.</summary>
    public static SettingProblem Invalid(string setting, string? value, string allowed) =>
        new(setting, value, value is null ? $"is missing: it must be {allowed}" : $"must be {allowed}");

    /// <summary>The problem in the one wording every module uses: <c>setting 'port' = '0' must be a whole number in 1..65535</c>.</summary>
    public override string ToString() => Value is null ? $"setting '{Setting}' {Problem}" : $"setting '{Setting}' = '{Value}' {Problem}";
}
