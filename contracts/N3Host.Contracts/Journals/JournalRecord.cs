namespace N3Host.Contracts;

/// <summary>One record of a stored-data journal.</summary>
/// <param name="Origin">The node that wrote it first.</param>
/// <param name="Term">The redundancy term in force on that node when it was written.</param>
/// <param name="Sequence">Its number in the origin's sequence: 1, 2, 3, ... without gaps.</param>
/// <param name="Timestamp">When the origin wrote it.</param>
/// <param name="Payload">The module's own encoding of the record.</param>
public sealed record JournalRecord(string Origin, long Term, long Sequence, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Payload);
