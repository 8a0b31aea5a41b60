using System.Collections.Concurrent;
using System.Diagnostics;
using N3Host.Contracts;

namespace N3Host.Benchmarks.Sync;

/// <summary>The standby's journal in the lag benchmarks: any journal, noting when each record of the active node was first applied.</summary>
internal sealed class LagProbeJournal(IJournal inner) : IJournal
{
    /// <summary>Stopwatch timestamp of the first apply, per record sequence.</summary>
    public ConcurrentDictionary<long, long> AppliedAt { get; } = new();

    public string Name => inner.Name;

    public bool Compacts => inner.Compacts;

    public event EventHandler<long>? Appended
    {
        add => inner.Appended += value;
        remove => inner.Appended -= value;
    }

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) => inner.AppendAsync(payload, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken) => inner.GetOriginsAsync(cancellationToken);

    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken) => inner.GetLastSequenceAsync(origin, cancellationToken);

    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        inner.ReadAsync(origin, afterSequence, maxCount, cancellationToken);

    public async ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        var applied = await inner.ApplyAsync(records, cancellationToken);
        var now = Stopwatch.GetTimestamp();
        foreach (var record in records)
            AppliedAt.TryAdd(record.Sequence, now);
        return applied;
    }
}
