using N3Host.Contracts;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>min + (tick * step) mod (max - min): counts up by step each sample, wraps back to min before max.</summary>
internal sealed class CounterTag(string path, double min, double max, double step) : SimulatedTag(path)
{
    public override TagValue Sample(long tick, DateTimeOffset time) =>
        TagValue.FromNumber(Path, min + ((tick * step) % (max - min)), time);
}
