namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The first byte of an encoded sync message.</summary>
public enum SyncMessageType : byte
{
    /// <summary><see cref="SyncHello"/>, JSON.</summary>
    Hello = 1,

    /// <summary><see cref="SyncJournalAdded"/>, JSON.</summary>
    JournalAdded = 2,

    /// <summary><see cref="SyncPlan"/>, JSON.</summary>
    Plan = 3,

    /// <summary><see cref="SyncBatch"/>, binary.</summary>
    Batch = 4,

    /// <summary><see cref="SyncBatchAck"/>, binary.</summary>
    BatchAck = 5,

    /// <summary><see cref="SyncCaughtUp"/>, JSON.</summary>
    CaughtUp = 6,

    /// <summary><see cref="SyncCaughtUpConfirmed"/>, JSON.</summary>
    CaughtUpConfirmed = 7,

    /// <summary><see cref="SyncCatchUpRequest"/>, JSON.</summary>
    CatchUpRequest = 8,
}
