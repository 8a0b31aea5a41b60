using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace N3Host.PluginKit.Settings;

/// <summary>Reads one instance's settings and fails with the setting's name, the bad value and the allowed range.</summary>
public sealed class SettingsReader(IConfiguration settings, string instance, string module, string prefix = "")
{
    public string? Text(string name) => settings[name] is { Length: > 0 } value ? value : null;

    public string RequiredText(string name) =>
        Text(name) ?? throw Error(name, "is required");

    public string Text(string name, string fallback) => Text(name) ?? fallback;

    public bool Bool(string name, bool fallback) => Text(name) switch
    {
        null => fallback,
        var raw when bool.TryParse(raw, out var value) => value,
        var raw => throw Error(name, $"= '{raw}' must be true or false"),
    };

    public int Int(string name, int fallback, int min, int max)
    {
        var raw = Text(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(name, $"= '{raw}' is not a whole number in {min}..{max}");
        }

        return value;
    }

    public long Long(string name, long fallback, long min, long max)
    {
        var raw = Text(name);
        if (raw is null)
        {
            return fallback;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(name, $"= '{raw}' is not a whole number in {min}..{max}");
        }

        return value;
    }

    public TimeSpan Milliseconds(string name, int fallback, int min, int max) =>
        TimeSpan.FromMilliseconds(Int(name, fallback, min, max));

    /// <summary>A list setting: a JSON array, or a single string.</summary>
    public IReadOnlyList<string> List(string name)
    {
        var section = settings.GetSection(name);
        if (section.Value is { Length: > 0 } single)
        {
            return [single];
        }

        return section.GetChildren()
            .OrderBy(child => int.TryParse(child.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
            .Select(child => child.Value)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Select(value => value!)
            .ToList();
    }

    public SettingsReader Section(string name) =>
        new(settings.GetSection(name), instance, module, prefix + name + ".");

    public bool Has(string name) => settings.GetSection(name).Exists();

    /// <summary>Fails on a setting this module does not know (a typo would otherwise be silently ignored).</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var child in settings.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw Error(child.Key, $"is not a setting here; known: {string.Join(", ", known)}");
            }
        }
    }

    public InvalidOperationException Error(string name, string problem) =>
        new($"{module} instance '{instance}': setting '{Path(name)}' {problem}.");

    private string Path(string name) => prefix + name;
}
