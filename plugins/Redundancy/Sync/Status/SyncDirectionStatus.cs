namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Progress of one direction of the current (or last) session.</summary>
/// <param name="PlannedRecords">Records the sender found missing at the start (the known total); null until known.</param>
/// <param name="Records">Records sent (outbound) or received (inbound) in this session, catch-up and following.</param>
/// <param name="Bytes">Encoded bytes of those records.</param>
/// <param name="AppliedRecords">Records acknowledged as applied (outbound) or new to this node's journals (inbound).</param>
/// <param name="Percent">Progress of the catch-up against <paramref name="PlannedRecords"/>, 0 to 100; null until known.</param>
/// <param name="CaughtUp">True once everything planned was applied by the receiver.</param>
/// <param name="CaughtUpAt">When that happened.</param>
public sealed record SyncDirectionStatus(long? PlannedRecords, long Records, long Bytes, long AppliedRecords, double? Percent, bool CaughtUp, DateTimeOffset? CaughtUpAt);
