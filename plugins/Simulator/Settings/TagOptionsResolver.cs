using System.Globalization;
using N3Host.Plugins.Simulator.Generators;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>Checks one <c>tags</c> entry and fills in its type's defaults.</summary>
internal static class TagOptionsResolver
{
    /// <summary>The resolved tag, or null after adding what is wrong (prefixed with <paramref name="name"/>) to <paramref name="errors"/>.</summary>
    public static TagParameters? Resolve(SimulatedTagOptions options, string name, List<string> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add($"{name}path is required");
        }

        if (!TypeNames.TryParse(options.Type, out var type))
        {
            errors.Add($"{name}type = '{options.Type}' is not one of {string.Join(", ", TypeNames.All)}");
            return null;
        }

        CheckApplies(options, type, name, errors);
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
        CheckRange($"{name}min", tag.Min, -limit, limit, errors);
        CheckRange($"{name}max", tag.Max, -limit, limit, errors);
        CheckRange($"{name}amplitude", tag.Amplitude, 0, limit, errors);
        CheckRange($"{name}offset", tag.Offset, -limit, limit, errors);
        CheckRange($"{name}periodSeconds", tag.PeriodSeconds, TagParameters.MinPeriodSeconds, TagParameters.MaxPeriodSeconds, errors);
        if (type is GeneratorType.Ramp or GeneratorType.RandomWalk or GeneratorType.Counter)
        {
            if (!(tag.Min < tag.Max))
            {
                errors.Add(Invariant($"{name}min ({tag.Min}) must be less than {name}max ({tag.Max})"));
            }
            else if (type is not GeneratorType.Ramp)
            {
                CheckRange($"{name}step", tag.Step, double.Epsilon, tag.Max - tag.Min, errors, "greater than 0 and at most max - min: ");
            }
        }

        return errors.Count == before ? tag : null;
    }

    private static void CheckApplies(SimulatedTagOptions options, GeneratorType type, string name, List<string> errors)
    {
        var given = new (string Key, bool Present)[]
        {
            ("min", options.Min.HasValue),
            ("max", options.Max.HasValue),
            ("amplitude", options.Amplitude.HasValue),
            ("offset", options.Offset.HasValue),
            ("periodSeconds", options.PeriodSeconds.HasValue),
            ("step", options.Step.HasValue),
            ("seed", options.Seed.HasValue),
        };
        var accepted = Accepted(type);
        foreach (var (key, present) in given)
        {
            if (present && !accepted.Contains(key))
            {
                errors.Add($"{name}{key} does not apply to type {TypeNames.Of(type)} (it takes {string.Join(", ", accepted)})");
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

    private static void CheckRange(string name, double value, double min, double max, List<string> errors, string rangeNote = "")
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            var low = min == double.Epsilon ? "0 (exclusive)" : min.ToString(CultureInfo.InvariantCulture);
            errors.Add(Invariant($"{name} = {value} is out of range {rangeNote}{low}..{max}"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
