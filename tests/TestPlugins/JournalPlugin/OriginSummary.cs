namespace JournalPlugin;

/// <summary>
/// What the journal holds from one origin: how many records, the highest sequence, how many records share a payload
/// with another (each tick's payload is unique, so anything but 0 is a duplicate), and a SHA-256 digest of every
/// record (sequence, term, timestamp, payload) in sequence order.
/// </summary>
public sealed record OriginSummary(long Count, long LastSequence, long Duplicates, string Digest);
