using N3Host.Contracts;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>A boolean: true while phase &lt; 0.5, false after.</summary>
internal sealed class SquareTag(string path, double periodSeconds) : SimulatedTag(path)
{
    public override TagValue Sample(long tick, DateTimeOffset time) =>
        TagValue.FromBoolean(Path, Phase(time, periodSeconds) < 0.5, time);
}
