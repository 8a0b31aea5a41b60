using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>Reads typed values from the instance's settings, failing with the setting's name, value and allowed range.</summary>
internal sealed class SettingsReader(IConfiguration settings, string instanceName)
{
    public string? Text(string key) => settings[key.Replace('.', ':')] is { Length: > 0 } value ? value.Trim() : null;

    public RedundancySettingsException Error(string key, string? value, string allowed) =>
        new($"modules.json, instance '{instanceName}', setting '{key}': {(value is null ? "missing" : $"value '{value}' is not valid")}; {allowed}.");

    public int Integer(string key, int defaultValue, int min, int max)
    {
        var text = Text(key);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Error(key, text, $"allowed: a whole number from {min} to {max}");
        }

        return value;
    }

    public TimeSpan Milliseconds(string key, TimeSpan defaultValue, int min, int max) =>
        TimeSpan.FromMilliseconds(Integer(key, (int)defaultValue.TotalMilliseconds, min, max));

    public bool Boolean(string key, bool defaultValue)
    {
        var text = Text(key);
        if (text is null)
        {
            return defaultValue;
        }

        return bool.TryParse(text, out var value) ? value : throw Error(key, text, "allowed: true or false");
    }

    public T Choice<T>(string key, T defaultValue, params (string Name, T Value)[] choices)
    {
        var text = Text(key);
        if (text is null)
        {
            return defaultValue;
        }

        foreach (var (name, value) in choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw Error(key, text, "allowed: " + string.Join(", ", choices.Select(c => c.Name)));
    }

    public void RejectUnknown(string section, IReadOnlyCollection<string> known)
    {
        var children = section.Length == 0 ? settings.GetChildren() : settings.GetSection(section.Replace('.', ':')).GetChildren();
        foreach (var child in children)
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var key = section.Length == 0 ? child.Key : $"{section}.{child.Key}";
                throw new RedundancySettingsException(
                    $"modules.json, instance '{instanceName}': unknown setting '{key}'; known settings{(section.Length == 0 ? string.Empty : $" in '{section}'")}: {string.Join(", ", known)}.");
            }
        }
    }
}
