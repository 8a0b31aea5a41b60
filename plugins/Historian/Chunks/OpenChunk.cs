namespace N3Host.Plugins.Historian.Chunks;

/// <summary>
/// A chunk still in memory: one tag's values from one origin in one term, in the order their records were stored. Its
/// values are durable already (their records are in the file); it becomes a row when it is sealed.
/// </summary>
internal sealed class OpenChunk
{
    /// <summary>Creates an empty chunk.</summary>
    public OpenChunk(long tag, long origin, long term, long firstRecord, int firstPosition, long opened)
    {
        Tag = tag;
        Origin = origin;
        Term = term;
        FirstRecord = firstRecord;
        FirstPosition = firstPosition;
        LastRecord = firstRecord;
        Opened = opened;
    }

    /// <summary>The tag's id.</summary>
    public long Tag { get; }

    /// <summary>The origin's id (the node that made the values).</summary>
    public long Origin { get; }

    /// <summary>The term the values' records were written in.</summary>
    public long Term { get; }

    /// <summary>The id of the record of the first value: with the tag, origin and <see cref="FirstPosition"/>, the chunk's identity.</summary>
    public long FirstRecord { get; }

    /// <summary>The place of the first value in its record (one record may start two chunks of a tag).</summary>
    public int FirstPosition { get; }

    /// <summary>The id of the record of the last value.</summary>
    public long LastRecord { get; set; }

    /// <summary>When the chunk was opened (a <see cref="TimeProvider"/> timestamp).</summary>
    public long Opened { get; }

    /// <summary>No more values go in: it waits to be sealed.</summary>
    public bool Closed { get; set; }

    /// <summary>The values.</summary>
    public ChunkEncoder Values { get; } = new();
}
