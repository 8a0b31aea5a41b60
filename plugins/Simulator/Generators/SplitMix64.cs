namespace N3Host.Plugins.Simulator.Generators;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014), used as a stateless, seeded random sequence.</summary>
internal static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    /// <summary>The <paramref name="index"/>-th output (1-based) of SplitMix64 seeded with <paramref name="seed"/>, as a double in [0, 1).</summary>
    public static double Uniform(long seed, long index)
    {
        var z = unchecked((ulong)seed + ((ulong)index * Gamma));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EB);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
