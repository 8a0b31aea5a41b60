using System.Globalization;
using Microsoft.Extensions.Configuration;
using N3Host.Plugins.Simulator.Generators;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>
/// Reads and checks a Simulator instance's settings. Every problem is reported at once, each naming the setting
/// (<c>periodMs</c>, <c>tags[2].periodSeconds</c>, ...) and its allowed range or values.
/// </summary>
public static class SimulatorSettingsReader
{
    /// <summary>The tags a Simulator with neither <c>tags</c> nor <c>count</c> publishes.</summary>
    public static IReadOnlyList<TagParameters> DefaultTags { get; } =
    [
        TagParameters.Defaults("sim/ramp", GeneratorType.Ramp),
        TagParameters.Defaults("sim/sine", GeneratorType.Sine),
        TagParameters.Defaults("sim/randomWalk", GeneratorType.RandomWalk),
        TagParameters.Defaults("sim/counter", GeneratorType.Counter),
        TagParameters.Defaults("sim/square", GeneratorType.Square),
    ];

    private static readonly (string Key, SettingKind Kind)[] TopLevelKeys =
    [
        ("periodMs", SettingKind.Integer),
        ("tags", SettingKind.List),
        ("count", SettingKind.Integer),
        ("pathPrefix", SettingKind.Text),
    ];

    private static readonly (string Key, SettingKind Kind)[] TagKeys =
    [
        ("path", SettingKind.Text),
        ("type", SettingKind.Text),
        ("min", SettingKind.Number),
        ("max", SettingKind.Number),
        ("amplitude", SettingKind.Number),
        ("offset", SettingKind.Number),
        ("periodSeconds", SettingKind.Number),
        ("step", SettingKind.Number),
        ("seed", SettingKind.LongInteger),
    ];
    private static readonly GeneratorType[] AllTypes = Enum.GetValues<GeneratorType>();

    /// <summary>Binds and checks the settings; throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    public static SimulatorPlan Read(IConfiguration settings, string instanceName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        CheckKeys(settings, TopLevelKeys, string.Empty, errors);
        foreach (var tag in settings.GetSection("tags").GetChildren())
        {
            if (tag.Value is null)
            {
                CheckKeys(tag, TagKeys, $"tags[{tag.Key}].", errors);
            }
            else
            {
                errors.Add($"tags[{tag.Key}] = '{tag.Value}' is not an object like {{ \"path\": \"sim/t1\", \"type\": \"ramp\" }}");
            }
        }

        var options = new SimulatorOptions();
        if (errors.Count == 0)
        {
            try
            {
                settings.Bind(options);
            }
            catch (InvalidOperationException bindError)
            {
                errors.Add(bindError.Message);
            }
        }

        var tags = new List<TagParameters>();
        if (errors.Count == 0)
        {
            CheckRange("periodMs", options.PeriodMs, SimulatorOptions.MinPeriodMs, SimulatorOptions.MaxPeriodMs, errors);
            CheckRange("count", options.Count, 0, SimulatorOptions.MaxCount, errors);
            if (options.Count > 0 && string.IsNullOrWhiteSpace(options.PathPrefix))
            {
                errors.Add("pathPrefix must not be empty when count > 0");
            }

            for (var i = 0; i < options.Tags.Count; i++)
            {
                var resolved = TagOptionsResolver.Resolve(options.Tags[i], $"tags[{i}].", errors);
                if (resolved is not null)
                {
                    tags.Add(resolved);
                }
            }

            if (options.Count > 0 && !string.IsNullOrWhiteSpace(options.PathPrefix))
            {
                tags.AddRange(Generate(options.PathPrefix.TrimEnd('/'), Math.Min(options.Count, SimulatorOptions.MaxCount)));
            }

            CheckUniquePaths(tags, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Simulator instance '{instanceName}' has invalid settings: {string.Join("; ", errors)}");
        }

        return new SimulatorPlan(options.PeriodMs, tags.Count == 0 ? DefaultTags : tags);
    }

    /// <summary>The <paramref name="count"/> generated tags: <c>&lt;prefix&gt;/&lt;type&gt;&lt;n&gt;</c>, types round-robin.</summary>
    internal static IEnumerable<TagParameters> Generate(string prefix, int count)
    {
        for (var n = 0; n < count; n++)
        {
            var type = AllTypes[n % AllTypes.Length];
            yield return TagParameters.Defaults(
                string.Create(CultureInfo.InvariantCulture, $"{prefix}/{TypeNames.Of(type)}{n}"),
                type);
        }
    }

    private static void CheckKeys(IConfiguration section, (string Key, SettingKind Kind)[] known, string prefix, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var match = Array.FindIndex(known, k => string.Equals(k.Key, child.Key, StringComparison.OrdinalIgnoreCase));
            if (match < 0)
            {
                errors.Add($"unknown setting '{prefix}{child.Key}' (known: {string.Join(", ", known.Select(k => k.Key))})");
                continue;
            }

            var (key, kind) = known[match];
            var value = child.Value;
            var wrong = kind switch
            {
                SettingKind.Integer => value is null || !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                    ? "a whole number" : null,
                SettingKind.LongInteger => value is null || !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                    ? "a whole number" : null,
                SettingKind.Number => value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? "a number" : null,
                SettingKind.List => value is not null && value.Length > 0 ? "a list" : null,
                _ => value is null ? "a text" : null,
            };
            if (wrong is not null)
            {
                errors.Add($"{prefix}{key} = '{value}' is not {wrong}");
            }
        }
    }

    private static void CheckRange(string name, int value, int min, int max, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} = {value} is out of range {min}..{max}"));
        }
    }

    private static void CheckUniquePaths(List<TagParameters> tags, List<string> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (!seen.Add(tag.Path))
            {
                errors.Add($"tag path '{tag.Path}' is used more than once");
            }
        }
    }
}
