namespace N3Host.Plugins.Historian.Chunks;

/// <summary>
/// The chunks still in memory, one open per tag and origin, and the closed ones waiting to be sealed. The store's one
/// writer appends the values of each record after the record is committed, and seals chunks in a later transaction;
/// queries copy a tag's chunks at any time. Thread-safe.
/// </summary>
internal sealed class OpenChunks
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(long Tag, long Origin), OpenChunk> _open = [];
    private readonly Dictionary<long, List<OpenChunk>> _byTag = [];
    private readonly List<OpenChunk> _closed = [];
    private int _chunks;
    private long _values;

    /// <summary>Chunks in memory.</summary>
    public int Chunks
    {
        get
        {
            lock (_lock)
                return _chunks;
        }
    }

    /// <summary>Values in memory (all of them also in their records in the file).</summary>
    public long Values
    {
        get
        {
            lock (_lock)
                return _values;
        }
    }

    /// <summary>Appends the values of a committed record (tag id and value each) to their tags' open chunks.</summary>
    public void Append(long origin, long term, long record, IReadOnlyList<(long Tag, ChunkValue Value)> values, long now)
    {
        lock (_lock)
        {
            foreach (var (tag, value) in values)
            {
                if (_open.TryGetValue((tag, origin), out var chunk) && !ChunkLimits.Fits(chunk, term, value))
                {
                    Close(chunk);
                    chunk = null;
                }

                if (chunk is null)
                {
                    chunk = new OpenChunk(tag, origin, term, record, value.Position, now);
                    _open[(tag, origin)] = chunk;
                    if (!_byTag.TryGetValue(tag, out var list))
                        _byTag[tag] = list = [];
                    list.Add(chunk);
                    _chunks++;
                }

                chunk.Values.Append(value);
                chunk.LastRecord = record;
                _values++;
            }
        }
    }

    /// <summary>
    /// The chunks to seal: every closed one; with <paramref name="openedBefore"/>, also the open ones opened before it; with
    /// <paramref name="all"/>, every chunk. The open ones among them are closed here; they stay readable until <see cref="Sealed"/>.
    /// </summary>
    public List<OpenChunk> ToSeal(long? openedBefore, bool all = false)
    {
        lock (_lock)
        {
            if (all || openedBefore is not null)
            {
                foreach (var chunk in _open.Values.Where(c => all || c.Opened < openedBefore).ToList())
                    Close(chunk);
            }

            return [.. _closed];
        }
    }

    /// <summary>The chunks are rows now (their transaction committed): forget them.</summary>
    public void Sealed(IReadOnlyCollection<OpenChunk> chunks)
    {
        if (chunks.Count == 0)
            return;
        var sealedSet = chunks.ToHashSet();
        lock (_lock)
        {
            _closed.RemoveAll(sealedSet.Contains);
            foreach (var chunk in chunks)
            {
                if (_byTag.TryGetValue(chunk.Tag, out var list) && list.Remove(chunk))
                {
                    _chunks--;
                    _values -= chunk.Values.Count;
                    if (list.Count == 0)
                        _byTag.Remove(chunk.Tag);
                }
            }
        }
    }

    /// <summary>The lowest record id any chunk in memory holds a value of, leaving out <paramref name="except"/>; null if none.</summary>
    public long? OldestRecord(IReadOnlyCollection<OpenChunk> except)
    {
        var leaving = except.ToHashSet();
        lock (_lock)
        {
            long? oldest = null;
            foreach (var list in _byTag.Values)
            {
                foreach (var chunk in list)
                {
                    if (!leaving.Contains(chunk) && (oldest is null || chunk.FirstRecord < oldest))
                        oldest = chunk.FirstRecord;
                }
            }

            return oldest;
        }
    }

    /// <summary>The latest source time of a tag's values in memory, long.MinValue if none.</summary>
    public long LastTicks(long tag)
    {
        lock (_lock)
            return _byTag.TryGetValue(tag, out var list) ? list.Max(c => c.Values.LastTicks) : long.MinValue;
    }

    /// <summary>Copies of a tag's chunks in memory.</summary>
    public List<ChunkData> Copy(long tag)
    {
        lock (_lock)
        {
            if (!_byTag.TryGetValue(tag, out var list))
                return [];
            return list.Select(c => new ChunkData(c.Origin, c.Term, c.FirstRecord, c.FirstPosition, c.Values.Count, c.Values.FirstTicks, c.Values.LastTicks, c.Values.ToArray())).ToList();
        }
    }

    /// <summary>Forgets every chunk (their values were deleted with their records).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _open.Clear();
            _byTag.Clear();
            _closed.Clear();
            _chunks = 0;
            _values = 0;
        }
    }

    private void Close(OpenChunk chunk)
    {
        chunk.Closed = true;
        _open.Remove((chunk.Tag, chunk.Origin));
        _closed.Add(chunk);
    }
}
