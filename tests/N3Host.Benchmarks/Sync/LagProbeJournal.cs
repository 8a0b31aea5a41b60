using System.Diagnostics;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Sync.Tests;

namespace N3Host.Benchmarks.Sync;

/// <summary>The standby's journal in the lag benchmark: notes when each record of the active node was applied.</summary>
internal sealed class LagProbeJournal(InMemoryJournal inner, int capacity) : IJournal
{
    public long[] AppliedAt { get; } = new long[capacity + 1];

    public string Name => inner.Name;

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
        {
            if (record.Sequence < AppliedAt.Length && AppliedAt[record.Sequence] == 0)
                AppliedAt[record.Sequence] = now;
        }

        return applied;
    }
}
