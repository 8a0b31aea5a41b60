using N3Host.Contracts;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>One simulated tag: computes its value for a sample from the sample's time.</summary>
internal abstract class SimulatedTag(string path)
{
    /// <summary>The tag's path.</summary>
    public string Path { get; } = path;

    /// <summary>The value at sample <paramref name="tick"/> (the number of periods since the Unix epoch), taken at <paramref name="time"/>.</summary>
    public abstract TagValue Sample(long tick, DateTimeOffset time);

    /// <summary>Where <paramref name="time"/> falls in a cycle of <paramref name="periodSeconds"/>: 0 (inclusive) to 1 (exclusive).</summary>
    protected static double Phase(DateTimeOffset time, double periodSeconds)
    {
        var cycles = time.ToUnixTimeMilliseconds() / (periodSeconds * 1000.0);
        return cycles - Math.Floor(cycles);
    }
}
