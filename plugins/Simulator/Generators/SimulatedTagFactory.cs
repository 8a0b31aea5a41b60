using N3Host.Plugins.Simulator.Settings;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>Makes the simulated tags a plan describes.</summary>
internal static class SimulatedTagFactory
{
    public static SimulatedTag Create(TagParameters tag) => tag.Type switch
    {
        GeneratorType.Ramp => new RampTag(tag.Path, tag.Min, tag.Max, tag.PeriodSeconds),
        GeneratorType.Sine => new SineTag(tag.Path, tag.Amplitude, tag.Offset, tag.PeriodSeconds),
        GeneratorType.RandomWalk => new RandomWalkTag(tag.Path, tag.Min, tag.Max, tag.Step, tag.Seed),
        GeneratorType.Counter => new CounterTag(tag.Path, tag.Min, tag.Max, tag.Step),
        GeneratorType.Square => new SquareTag(tag.Path, tag.PeriodSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(tag), tag.Type, "unknown generator type"),
    };

    public static SimulatedTag[] CreateAll(IReadOnlyList<TagParameters> tags)
    {
        var result = new SimulatedTag[tags.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Create(tags[i]);
        }

        return result;
    }
}
