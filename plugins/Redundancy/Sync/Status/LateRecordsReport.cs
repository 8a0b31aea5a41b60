namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// What came late: after this node went active without the sync (the peer did not come within the initial standby time),
/// every record applied from the peer until its next catch-up completed.
/// </summary>
/// <param name="ActivatedWithoutSyncAt">When this node went active without the sync.</param>
/// <param name="MergedAt">When the late records were all merged (the peer's catch-up completed); null while still waiting.</param>
/// <param name="Total">Late records in all.</param>
/// <param name="Entries">Per journal and origin.</param>
public sealed record LateRecordsReport(DateTimeOffset ActivatedWithoutSyncAt, DateTimeOffset? MergedAt, long Total, IReadOnlyList<LateRecords> Entries);
