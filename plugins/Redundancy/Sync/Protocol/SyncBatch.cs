using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Consecutive records of one sequence space of one journal, in sequence order.</summary>
/// <param name="Id">The batch's number in this session (for its acknowledgement).</param>
/// <param name="Journal">The journal's name.</param>
/// <param name="Origin">The node that wrote the records.</param>
/// <param name="Epoch">The sequence space's epoch.</param>
/// <param name="Records">The records (their <see cref="JournalRecord.Origin"/> is <paramref name="Origin"/>).</param>
public sealed record SyncBatch(long Id, string Journal, string Origin, string Epoch, IReadOnlyList<JournalRecord> Records) : SyncMessage;
