namespace N3Host.Contracts;

/// <summary>
/// A stored-data journal: append-only records, numbered per origin node. It belongs to the node,
/// not to the running module instance: records from the peer are applied even while the module is stopped.
/// </summary>
public interface IJournal
{
    /// <summary>The journal's name, unique on the node, the same on both nodes of a pair.</summary>
    string Name { get; }

    /// <summary>Appends a record written on this node; returns its sequence number.</summary>
    ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken);

    /// <summary>The origins whose records this journal holds.</summary>
    ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken);

    /// <summary>The highest sequence held from an origin, 0 if none.</summary>
    ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> records of an origin with a sequence above <paramref name="afterSequence"/>, in sequence order.</summary>
    ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken);

    /// <summary>
    /// Applies another node's records, idempotently: a record already held is not stored again. Returns how many were new.
    /// On a full or read-only disk it stores none of them and throws an <see cref="IOException"/> the
    /// <see cref="Storage.StorageProbe"/> tells (ENOSPC/EROFS, or a <see cref="Storage.StorageConditionException"/> for a
    /// store's own errors): the stored-data sync then holds the records and tries again (contracts 1.4).
    /// </summary>
    ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// Discards every record this journal holds, of every origin (this node's own included), durably: when it returns the
    /// journal is empty, as on a fresh data directory, and this node's next local record is numbered 1 again (or follows
    /// the highest sequence of this node's origin applied later). Only for the overwrite on a new pairing (after a
    /// redundancy mode change the primary's stored data replace the backup's): the redundancy core calls it on the
    /// backup, then copies the primary's records with <see cref="ApplyAsync"/>. It must be safe to call again (after a
    /// kill in the middle of an overwrite). Never called otherwise; a journal that cannot be cleared keeps this default,
    /// which refuses, and the overwrite then stops with that journal's name instead of merging it. Added in contracts 1.1
    /// (with a default, so a plugin built against 1.0 still loads).
    /// </summary>
    ValueTask ClearAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"the journal '{Name}' cannot be cleared, so the primary's stored data cannot overwrite it after a redundancy mode change");

    /// <summary>
    /// True if a later record of this journal supersedes the earlier ones it needs to (each record carries a latest state,
    /// such as a high water), so the journal may drop records that nothing needs any more (compaction) and the records it
    /// holds of an origin may have gaps. The redundancy core then accepts gaps when it applies this journal's records
    /// from the peer, instead of ending the sync with a protocol error. A compacting journal keeps the first and the last
    /// record of every origin. Added in contracts 1.2 (default false: every record is kept and sequences have no gaps).
    /// </summary>
    bool Compacts => false;

    /// <summary>Raised after local records were appended (the argument: the new last sequence), so replication can follow without polling.</summary>
    event EventHandler<long>? Appended;
}
