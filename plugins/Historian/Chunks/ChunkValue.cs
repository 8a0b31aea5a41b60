namespace N3Host.Plugins.Historian.Chunks;

/// <summary>One value as a chunk keeps it: source time, the journal record it came in (sequence, place in the record), kind and quality, number and text.</summary>
/// <param name="Ticks">The source time, UTC ticks.</param>
/// <param name="Sequence">The sequence of the journal record the value came in.</param>
/// <param name="Position">The value's index in that record.</param>
/// <param name="Flags">Kind and quality, as <see cref="Encoding.ValueBatchCodec.Flags"/> packs them.</param>
/// <param name="Number">The number, bit for bit.</param>
/// <param name="Text">The text of a text value, else null.</param>
internal readonly record struct ChunkValue(long Ticks, long Sequence, int Position, byte Flags, double Number, string? Text)
{
    /// <summary>True if both are the same value (time, kind, quality, number bit for bit, text); where they came from does not count.</summary>
    public bool SameValueAs(in ChunkValue other) =>
        Ticks == other.Ticks && Flags == other.Flags && BitConverter.DoubleToInt64Bits(Number) == BitConverter.DoubleToInt64Bits(other.Number)
        && string.Equals(Text, other.Text, StringComparison.Ordinal);
}
