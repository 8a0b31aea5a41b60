using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>A reference journal in memory: idempotent apply keyed by (origin, sequence), gaps refused, every apply recorded.</summary>
public sealed class InMemoryJournal(string name, string localOrigin, TimeProvider time) : IJournal
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<JournalRecord>> _byOrigin = new(StringComparer.Ordinal);
    private readonly List<(string Origin, long Sequence)> _applyLog = [];
    private int _applyCalls;

    public string Name { get; } = name;

    public long Term { get; set; } = 1;

    /// <summary>When set, every ApplyAsync waits for it first (to hold the receiver).</summary>
    public TaskCompletionSource? ApplyGate { get; set; }

    public event EventHandler<long>? Appended;

    /// <summary>A compacting journal (contracts 1.2): its records may have gaps, see <see cref="Drop"/>.</summary>
    public bool Compacts { get; init; }

    /// <summary>Compaction: removes the records of an origin that <paramref name="drop"/> selects (a compacting journal only).</summary>
    public void Drop(string origin, Func<long, bool> drop)
    {
        lock (_lock)
            List(origin).RemoveAll(r => drop(r.Sequence));
    }

    public IReadOnlyList<(string Origin, long Sequence)> ApplyLog
    {
        get
        {
            lock (_lock)
                return [.. _applyLog];
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
                return _byOrigin.Values.Sum(l => l.Count);
        }
    }

    public IReadOnlyList<JournalRecord> Snapshot(string origin)
    {
        lock (_lock)
            return _byOrigin.TryGetValue(origin, out var list) ? [.. list] : [];
    }

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        long sequence;
        lock (_lock)
        {
            var list = List(localOrigin);
            sequence = list.Count == 0 ? 1 : list[^1].Sequence + 1;
            list.Add(new JournalRecord(localOrigin, Term, sequence, time.GetUtcNow(), payload.ToArray()));
        }

        Appended?.Invoke(this, sequence);
        return ValueTask.FromResult(sequence);
    }

    /// <summary>When set, reading which origins the journal holds (the first step of reading its cursor) waits for it.</summary>
    public TaskCompletionSource? OriginsGate { get; set; }

    public async ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        if (OriginsGate is { } gate)
            await gate.Task.WaitAsync(cancellationToken);
        lock (_lock)
            return _byOrigin.Where(p => p.Value.Count > 0).Select(p => p.Key).ToList();
    }

    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken)
    {
        lock (_lock)
            return ValueTask.FromResult(_byOrigin.TryGetValue(origin, out var list) && list.Count > 0 ? list[^1].Sequence : 0L);
    }

    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_byOrigin.TryGetValue(origin, out var list) || list.Count == 0)
                return ValueTask.FromResult<IReadOnlyList<JournalRecord>>([]);
            var start = list.FindIndex(r => r.Sequence > afterSequence);
            if (start < 0)
                return ValueTask.FromResult<IReadOnlyList<JournalRecord>>([]);
            var count = Math.Min(maxCount, list.Count - start);
            return ValueTask.FromResult<IReadOnlyList<JournalRecord>>(count <= 0 ? [] : list.GetRange(start, count));
        }
    }

    /// <summary>How many ApplyAsync calls began (including one waiting at <see cref="ApplyGate"/>).</summary>
    public int ApplyCalls => Volatile.Read(ref _applyCalls);

    public async ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _applyCalls);
        if (ApplyGate is { } gate)
            await gate.Task.WaitAsync(cancellationToken);
        var added = 0;
        lock (_lock)
        {
            foreach (var record in records)
            {
                var list = List(record.Origin);
                var last = list.Count == 0 ? 0 : list[^1].Sequence;
                if (record.Sequence <= last)
                    continue;
                if (record.Sequence != last + 1 && !Compacts)
                    throw new InvalidOperationException($"gap in {Name}/{record.Origin}: holds {last}, got {record.Sequence}");
                list.Add(record with { Payload = record.Payload.ToArray() });
                _applyLog.Add((record.Origin, record.Sequence));
                added++;
            }
        }

        return added;
    }

    /// <summary>When set, the next ClearAsync throws it (a disk failure, or a kill, in the middle of an overwrite) and clears nothing.</summary>
    public Exception? ClearFault { get; set; }

    /// <summary>How many times the journal was cleared.</summary>
    public int Clears { get; private set; }

    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        if (ClearFault is { } fault)
        {
            ClearFault = null;
            throw fault;
        }

        lock (_lock)
        {
            _byOrigin.Clear();
            Clears++;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Adds a record of any origin directly (a node's history before the test).</summary>
    public void Seed(string origin, long term, DateTimeOffset timestamp, string payload) =>
        Seed(origin, term, timestamp, System.Text.Encoding.UTF8.GetBytes(payload));

    /// <summary>Adds a record of any origin directly, without raising Appended.</summary>
    public void Seed(string origin, long term, DateTimeOffset timestamp, ReadOnlyMemory<byte> payload)
    {
        lock (_lock)
        {
            var list = List(origin);
            list.Add(new JournalRecord(origin, term, list.Count == 0 ? 1 : list[^1].Sequence + 1, timestamp, payload));
        }
    }

    private List<JournalRecord> List(string origin)
    {
        if (!_byOrigin.TryGetValue(origin, out var list))
            _byOrigin[origin] = list = [];
        return list;
    }
}
