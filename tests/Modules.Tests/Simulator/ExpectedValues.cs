namespace N3Host.Modules.Tests.Simulator;

/// <summary>The Simulator's documented formulas (README.md, "Simulator"), written out independently of the module's code.</summary>
internal static class ExpectedValues
{
    public static double Phase(long unixMs, double periodSeconds)
    {
        var cycles = unixMs / (periodSeconds * 1000.0);
        return cycles - Math.Floor(cycles);
    }

    public static double Ramp(long unixMs, double min, double max, double periodSeconds) =>
        min + ((max - min) * Phase(unixMs, periodSeconds));

    public static double Sine(long unixMs, double amplitude, double offset, double periodSeconds) =>
        offset + (amplitude * Math.Sin(2 * Math.PI * Phase(unixMs, periodSeconds)));

    public static bool Square(long unixMs, double periodSeconds) => Phase(unixMs, periodSeconds) < 0.5;

    public static double Counter(long tick, double min, double max, double step) => min + ((tick * step) % (max - min));

    /// <summary>The random walk after sampling each of <paramref name="ticks"/> in turn (the first one is the start).</summary>
    public static List<double> RandomWalk(IReadOnlyList<long> ticks, double min, double max, double step, long seed)
    {
        var values = new List<double>();
        var value = (min + max) / 2;
        for (var i = 0; i < ticks.Count; i++)
        {
            if (i > 0)
            {
                for (var k = ticks[i - 1] + 1; k <= ticks[i]; k++)
                {
                    value += step * ((2 * SplitMix64Output(seed, k)) - 1);
                    value = value > max ? (2 * max) - value : value < min ? (2 * min) - value : value;
                }
            }

            values.Add(value);
        }

        return values;
    }

    /// <summary>The n-th output of SplitMix64 (reference: Vigna, splitmix64.c) seeded with <paramref name="seed"/>, scaled to [0, 1).</summary>
    private static double SplitMix64Output(long seed, long n)
    {
        // The generator's state after n steps is seed + n * gamma; each output mixes the state.
        var z = unchecked((ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)n));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) / 9007199254740992.0;
    }
}
