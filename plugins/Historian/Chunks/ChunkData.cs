namespace N3Host.Plugins.Historian.Chunks;

/// <summary>A chunk as a query reads it, sealed (a row) or still open (a copy of its bytes so far).</summary>
/// <param name="Origin">The origin's id.</param>
/// <param name="Term">The term its values were written in.</param>
/// <param name="FirstRecord">The record id of its first value (with tag, origin and the place of its first value, its identity).</param>
/// <param name="FirstPosition">The place of its first value in that record.</param>
/// <param name="Count">How many values.</param>
/// <param name="FirstTicks">The earliest source time.</param>
/// <param name="LastTicks">The latest source time.</param>
/// <param name="Data">The packed values (<see cref="ChunkDecoder"/>).</param>
internal sealed record ChunkData(long Origin, long Term, long FirstRecord, int FirstPosition, int Count, long FirstTicks, long LastTicks, byte[] Data)
{
    /// <summary>The values, in the order they were stored.</summary>
    public List<ChunkValue> Decode()
    {
        var values = new List<ChunkValue>(Count);
        ChunkDecoder.Decode(Data, Count, values);
        return values;
    }
}
