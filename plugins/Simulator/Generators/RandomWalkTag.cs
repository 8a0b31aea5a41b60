using N3Host.Contracts;

namespace N3Host.Plugins.Simulator.Generators;

/// <summary>
/// Starts at (min + max) / 2 on its first sample; at every later tick k it moves by step * (2u - 1), where u is the
/// k-th output of SplitMix64 seeded with the seed, reflected back inside [min, max]. Ticks missed because the loop
/// ran late are walked through (at most <see cref="MaxCatchUpSteps"/>), so the value depends on the start and the time only.
/// </summary>
internal sealed class RandomWalkTag(string path, double min, double max, double step, long seed) : SimulatedTag(path)
{
    /// <summary>The most ticks walked through for one sample.</summary>
    public const int MaxCatchUpSteps = 1000;

    private double _value = (min + max) / 2;
    private long _lastTick = long.MinValue;

    public override TagValue Sample(long tick, DateTimeOffset time)
    {
        if (_lastTick == long.MinValue)
        {
            _lastTick = tick;
        }

        var from = Math.Max(_lastTick + 1, tick - MaxCatchUpSteps + 1);
        for (var k = from; k <= tick; k++)
        {
            _value = Reflect(_value + (step * ((2 * SplitMix64.Uniform(seed, k)) - 1)));
        }

        _lastTick = Math.Max(_lastTick, tick);
        return TagValue.FromNumber(Path, _value, time);
    }

    private double Reflect(double value)
    {
        if (value > max)
        {
            value = (2 * max) - value;
        }
        else if (value < min)
        {
            value = (2 * min) - value;
        }

        return Math.Clamp(value, min, max);
    }
}
