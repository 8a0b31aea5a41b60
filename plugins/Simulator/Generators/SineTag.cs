using N3Host.Contracts;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>offset + amplitude * sin(2π * phase).</summary>
internal sealed class SineTag(string path, double amplitude, double offset, double periodSeconds) : SimulatedTag(path)
{
    public override TagValue Sample(long tick, DateTimeOffset time) =>
        TagValue.FromNumber(Path, offset + (amplitude * Math.Sin(2 * Math.PI * Phase(time, periodSeconds))), time);
}
