namespace N3Host.Plugins.Redundancy.Pairing;

/// <summary>An overwrite of the backup's stored data by the primary's, as persisted while it runs.</summary>
/// <param name="Primary">The primary whose records replace this node's.</param>
/// <param name="StartedAt">When it began.</param>
/// <param name="ClearedJournals">The journals already emptied (never emptied again by this overwrite: they now hold only the primary's records).</param>
internal sealed record PendingOverwrite(string Primary, DateTimeOffset StartedAt, IReadOnlyList<string> ClearedJournals);
