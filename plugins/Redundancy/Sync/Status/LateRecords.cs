namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Records of one origin that arrived after this node went active without the sync.</summary>
/// <param name="Journal">The journal.</param>
/// <param name="Origin">The node that wrote them (as stored here).</param>
/// <param name="Count">How many.</param>
/// <param name="FirstTimestamp">The earliest record's timestamp.</param>
/// <param name="LastTimestamp">The latest record's timestamp.</param>
public sealed record LateRecords(string Journal, string Origin, long Count, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp);
