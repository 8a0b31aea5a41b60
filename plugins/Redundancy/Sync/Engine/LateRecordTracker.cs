using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Counts the records applied from the peer between "went active without the sync" and the peer's next completed catch-up.</summary>
internal sealed class LateRecordTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Journal, string Origin), LateRecords> _entries = [];
    private DateTimeOffset? _activatedAt;
    private DateTimeOffset? _mergedAt;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
                return _activatedAt is not null && _mergedAt is null;
        }
    }

    public void Open(DateTimeOffset activatedAt)
    {
        lock (_lock)
        {
            if (_activatedAt is not null && _mergedAt is null)
                return;
            _entries.Clear();
            _activatedAt = activatedAt;
            _mergedAt = null;
        }
    }

    /// <summary>Adds records newly applied from the peer, if the window is open.</summary>
    public void Add(string journal, IReadOnlyList<JournalRecord> records, int firstNew, int count)
    {
        if (count <= 0)
            return;
        lock (_lock)
        {
            if (_activatedAt is null || _mergedAt is not null)
                return;
            var first = DateTimeOffset.MaxValue;
            var last = DateTimeOffset.MinValue;
            for (var i = firstNew; i < records.Count; i++)
            {
                var t = records[i].Timestamp;
                if (t < first)
                    first = t;
                if (t > last)
                    last = t;
            }

            var origin = records[firstNew].Origin;
            var key = (journal, origin);
            _entries[key] = _entries.TryGetValue(key, out var e)
                ? e with { Count = e.Count + count, FirstTimestamp = first < e.FirstTimestamp ? first : e.FirstTimestamp, LastTimestamp = last > e.LastTimestamp ? last : e.LastTimestamp }
                : new LateRecords(journal, origin, count, first, last);
        }
    }

    public void Close(DateTimeOffset mergedAt)
    {
        lock (_lock)
        {
            if (_activatedAt is not null && _mergedAt is null)
                _mergedAt = mergedAt;
        }
    }

    public LateRecordsReport? Snapshot()
    {
        lock (_lock)
        {
            if (_activatedAt is null)
                return null;
            var entries = _entries.Values.OrderBy(e => e.Journal, StringComparer.Ordinal).ThenBy(e => e.Origin, StringComparer.Ordinal).ToList();
            return new LateRecordsReport(_activatedAt.Value, _mergedAt, entries.Sum(e => e.Count), entries);
        }
    }
}
