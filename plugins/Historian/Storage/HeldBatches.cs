using N3Host.Contracts;

namespace N3Host.Plugins.Historian.Storage;

/// <summary>
/// Batches kept in memory, oldest first, while the disk can take nothing (full or read-only); bounded by a number of
/// values. Not thread-safe: the writer serializes every use.
/// </summary>
internal sealed class HeldBatches(long limitValues)
{
    private readonly Queue<IReadOnlyList<TagValue>> _batches = new();

    /// <summary>The most values held.</summary>
    public long LimitValues { get; } = limitValues;

    /// <summary>Values held now.</summary>
    public long Values { get; private set; }

    /// <summary>True if nothing is held.</summary>
    public bool IsEmpty => _batches.Count == 0;

    /// <summary>Holds as many of <paramref name="values"/> as fit (the oldest first); returns how many did not fit.</summary>
    public int Hold(IReadOnlyList<TagValue> values)
    {
        var room = (int)Math.Clamp(LimitValues - Values, 0, values.Count);
        if (room > 0)
        {
            _batches.Enqueue(room == values.Count ? [.. values] : values.Take(room).ToList());
            Values += room;
        }

        return values.Count - room;
    }

    /// <summary>The oldest batch held, if any.</summary>
    public bool TryPeek(out IReadOnlyList<TagValue> batch) => _batches.TryPeek(out batch!);

    /// <summary>Drops the oldest batch (it was stored or buffered).</summary>
    public void Dequeue()
    {
        if (_batches.TryDequeue(out var batch))
            Values -= batch.Count;
    }

    /// <summary>Empties the queue; returns how many values it held.</summary>
    public long Clear()
    {
        var values = Values;
        _batches.Clear();
        Values = 0;
        return values;
    }
}
