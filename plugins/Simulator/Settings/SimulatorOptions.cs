using System.Globalization;
using N3Host.Plugins.Simulator.Generators;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>The Simulator's settings (the instance's <c>settings</c> object in modules.json). Defaults and ranges live here, once.</summary>
public sealed class SimulatorOptions : ISettingsRules
{
    /// <summary>Smallest allowed <see cref="PeriodMs"/>.</summary>
    public const int MinPeriodMs = 10;

    /// <summary>Largest allowed <see cref="PeriodMs"/> (one hour).</summary>
    public const int MaxPeriodMs = 3_600_000;

    /// <summary>Largest allowed <see cref="Count"/>.</summary>
    public const int MaxCount = 100_000;

    private static readonly GeneratorType[] AllTypes = Enum.GetValues<GeneratorType>();

    /// <summary>The tags a Simulator with neither <c>tags</c> nor <c>count</c> publishes.</summary>
    public static IReadOnlyList<TagParameters> DefaultTags { get; } =
    [
        TagParameters.Defaults("sim/ramp", GeneratorType.Ramp),
        TagParameters.Defaults("sim/sine", GeneratorType.Sine),
        TagParameters.Defaults("sim/randomWalk", GeneratorType.RandomWalk),
        TagParameters.Defaults("sim/counter", GeneratorType.Counter),
        TagParameters.Defaults("sim/square", GeneratorType.Square),
    ];

    /// <summary>Milliseconds between two samples of every tag.</summary>
    [Setting("periodMs", Min = MinPeriodMs, Max = MaxPeriodMs)]
    public int PeriodMs { get; set; } = 1000;

    /// <summary>Explicitly configured tags.</summary>
    [Setting("tags")]
    public List<SimulatedTagOptions> Tags { get; set; } = [];

    /// <summary>How many extra tags to generate (round-robin over the types), for load tests.</summary>
    [Setting("count", Min = 0, Max = MaxCount)]
    public int Count { get; set; }

    /// <summary>Path prefix of the generated tags: <c>&lt;pathPrefix&gt;/&lt;type&gt;&lt;n&gt;</c>.</summary>
    [Setting("pathPrefix")]
    public string PathPrefix { get; set; } = "sim/load";

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Count > 0 && string.IsNullOrWhiteSpace(PathPrefix))
        {
            check.Fail("pathPrefix", PathPrefix, "a path prefix, not empty when count > 0");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Tags.Count; i++)
        {
            var name = $"tags[{i}].";
            if (TagOptionsResolver.Resolve(Tags[i], name, check.Fail) is { } tag && !seen.Add(tag.Path))
            {
                check.Refuse(name + "path", tag.Path, "is used by another tag (a tag path must be unique)");
            }
        }

        if (Count > 0 && !string.IsNullOrWhiteSpace(PathPrefix) && Generate(PathPrefix.TrimEnd('/'), Count).FirstOrDefault(t => !seen.Add(t.Path)) is { } twice)
        {
            check.Refuse("pathPrefix", PathPrefix, $"makes the tag path '{twice.Path}', which a configured tag uses too");
        }
    }

    /// <summary>What the instance runs: every tag resolved (configured ones first, then generated ones), or the default tags.</summary>
    public SimulatorPlan ToPlan()
    {
        var tags = Tags.Select((t, i) => TagOptionsResolver.Resolve(t, $"tags[{i}].", static (_, _, _) => { })).OfType<TagParameters>().ToList();
        if (Count > 0 && !string.IsNullOrWhiteSpace(PathPrefix))
        {
            tags.AddRange(Generate(PathPrefix.TrimEnd('/'), Math.Min(Count, MaxCount)));
        }

        return new SimulatorPlan(PeriodMs, tags.Count == 0 ? DefaultTags : tags);
    }

    /// <summary>The <paramref name="count"/> generated tags: <c>&lt;prefix&gt;/&lt;type&gt;&lt;n&gt;</c>, types round-robin.</summary>
    internal static IEnumerable<TagParameters> Generate(string prefix, int count)
    {
        for (var n = 0; n < count; n++)
        {
            var type = AllTypes[n % AllTypes.Length];
            yield return TagParameters.Defaults(string.Create(CultureInfo.InvariantCulture, $"{prefix}/{TypeNames.Of(type)}{n}"), type);
        }
    }
}
