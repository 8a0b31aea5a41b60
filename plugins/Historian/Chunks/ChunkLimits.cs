namespace N3Host.Plugins.Historian.Chunks;

/// <summary>
/// How big a chunk grows. The spans are also what queries rely on: a chunk's values lie within <see cref="MaxSpanTicks"/>
/// of each other and within <see cref="MaxSequenceSpan"/> records, so a query looks that far back for chunks and no further.
/// </summary>
internal static class ChunkLimits
{
    /// <summary>Values a chunk holds before it is sealed (Prometheus's head chunks hold 120).</summary>
    public const int MaxValues = 120;

    /// <summary>The widest source-time span of a chunk's values: one hour.</summary>
    public const long MaxSpanTicks = TimeSpan.TicksPerHour;

    /// <summary>The widest span of a chunk's record sequences.</summary>
    public const long MaxSequenceSpan = 4096;

    /// <summary>How long a chunk stays open in memory before it is sealed however few values it holds.</summary>
    public static readonly TimeSpan MaxOpen = TimeSpan.FromMinutes(2);

    /// <summary>How often the store looks for chunks open longer than <see cref="MaxOpen"/>.</summary>
    public static readonly TimeSpan AgeCheck = TimeSpan.FromSeconds(10);

    /// <summary>True if <paramref name="value"/> may join <paramref name="chunk"/> (one term, the spans kept).</summary>
    public static bool Fits(OpenChunk chunk, long term, in ChunkValue value)
    {
        var values = chunk.Values;
        if (chunk.Term != term || values.Count >= MaxValues)
            return false;
        if (Math.Max(values.LastTicks, value.Ticks) - Math.Min(values.FirstTicks, value.Ticks) > MaxSpanTicks)
            return false;
        return value.Sequence - values.FirstSequence is >= 0 and <= MaxSequenceSpan;
    }
}
