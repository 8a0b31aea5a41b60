using System.Globalization;
using N3Host.Plugins.Simulator.Generators;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>Checks one <c>tags</c> entry and fills in its type's defaults.</summary>
internal static class TagOptionsResolver
{
    /// <summary>
    /// The resolved tag, or null after reporting what is wrong to <paramref name="fail"/> (the setting, prefixed with
    /// <paramref name="name"/>; the value given; what it must be).
    /// </summary>
    public static TagParameters? Resolve(SimulatedTagOptions options, string name, Action<string, string?, string> fail)
    {
        var problems = 0;
        void Fail(string setting, string? value, string allowed)
        {
            problems++;
            fail(name + setting, value, allowed);
        }

        if (string.IsNullOrWhiteSpace(options.Path))
        {
            Fail("path", null, "a tag path such as sim/t1");
        }

        if (!TypeNames.TryParse(options.Type, out var type))
        {
            Fail("type", options.Type, $"one of {string.Join(", ", TypeNames.All)}");
            return null;
        }

        CheckApplies(options, type, Fail);
        var defaults = TagParameters.Defaults(options.Path?.Trim() ?? string.Empty, type);
        var tag = defaults with
        {
            Min = options.Min ?? defaults.Min,
            Max = options.Max ?? defaults.Max,
            Amplitude = options.Amplitude ?? defaults.Amplitude,
            Offset = options.Offset ?? defaults.Offset,
            PeriodSeconds = options.PeriodSeconds ?? defaults.PeriodSeconds,
            Step = options.Step ?? defaults.Step,
            Seed = options.Seed ?? defaults.Seed,
        };

        const double limit = TagParameters.MaxMagnitude;
        CheckRange("min", tag.Min, -limit, limit, Fail);
        CheckRange("max", tag.Max, -limit, limit, Fail);
        CheckRange("amplitude", tag.Amplitude, 0, limit, Fail);
        CheckRange("offset", tag.Offset, -limit, limit, Fail);
        CheckRange("periodSeconds", tag.PeriodSeconds, TagParameters.MinPeriodSeconds, TagParameters.MaxPeriodSeconds, Fail);
        if (type is GeneratorType.Ramp or GeneratorType.RandomWalk or GeneratorType.Counter)
        {
            if (!(tag.Min < tag.Max))
            {
                Fail("min", Text(tag.Min), Invariant($"less than {name}max ({tag.Max})"));
            }
            else if (type is not GeneratorType.Ramp)
            {
                CheckRange("step", tag.Step, double.Epsilon, tag.Max - tag.Min, Fail);
            }
        }

        return problems == 0 ? tag : null;
    }

    private static void CheckApplies(SimulatedTagOptions options, GeneratorType type, Action<string, string?, string> fail)
    {
        var given = new (string Key, object? Value)[]
        {
            ("min", options.Min),
            ("max", options.Max),
            ("amplitude", options.Amplitude),
            ("offset", options.Offset),
            ("periodSeconds", options.PeriodSeconds),
            ("step", options.Step),
            ("seed", options.Seed),
        };
        var accepted = Accepted(type);
        foreach (var (key, value) in given)
        {
            if (value is not null && !accepted.Contains(key))
            {
                fail(key, Convert.ToString(value, CultureInfo.InvariantCulture), $"left out: it does not apply to type {TypeNames.Of(type)} (it takes {string.Join(", ", accepted)})");
            }
        }
    }

    private static string[] Accepted(GeneratorType type) => type switch
    {
        GeneratorType.Ramp => ["min", "max", "periodSeconds"],
        GeneratorType.Sine => ["amplitude", "offset", "periodSeconds"],
        GeneratorType.RandomWalk => ["min", "max", "step", "seed"],
        GeneratorType.Counter => ["min", "max", "step"],
        _ => ["periodSeconds"],
    };

    private static void CheckRange(string setting, double value, double min, double max, Action<string, string?, string> fail)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            fail(setting, Text(value), min == double.Epsilon ? $"a number greater than 0 and at most max - min ({Text(max)})" : $"a number in {Text(min)}..{Text(max)}");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
