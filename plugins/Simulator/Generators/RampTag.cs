using N3Host.Contracts;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>min + (max - min) * phase: a sawtooth from min to max, once per period.</summary>
internal sealed class RampTag(string path, double min, double max, double periodSeconds) : SimulatedTag(path)
{
    public override TagValue Sample(long tick, DateTimeOffset time) =>
        TagValue.FromNumber(Path, min + ((max - min) * Phase(time, periodSeconds)), time);
}
