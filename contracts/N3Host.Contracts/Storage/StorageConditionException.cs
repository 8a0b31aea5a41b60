namespace N3Host.Contracts.Storage;

/// <summary>
/// A write failed because the disk is full or read-only (<see cref="Condition"/> says where). Thrown by a journal's
/// <see cref="IJournal.ApplyAsync"/> whose store has its own errors for it (a database's "full"): the stored-data sync
/// then holds the records and tries again instead of ending the session. Added in contracts 1.4.
/// </summary>
public sealed class StorageConditionException : IOException
{
    /// <summary>Creates the exception for <paramref name="condition"/>, caused by <paramref name="inner"/>.</summary>
    public StorageConditionException(StorageCondition condition, Exception? inner = null)
        : base(condition?.Message, inner)
    {
        ArgumentNullException.ThrowIfNull(condition);
        Condition = condition;
    }

    /// <summary>Full or read-only, where, and how much space was free.</summary>
    public StorageCondition Condition { get; }
}
