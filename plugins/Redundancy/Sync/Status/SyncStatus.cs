namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The stored-data synchronization status: the <c>sync</c> object of the node's status and of the MQTT redundancy topic.</summary>
/// <param name="State">One of <see cref="SyncStates"/>: disconnected, catchingUp, following.</param>
/// <param name="Peer">The peer node's name in the current (or last) session.</param>
/// <param name="SessionStartedAt">When the current (or last) session started.</param>
/// <param name="SessionEndedAt">When the last session ended; null while one runs.</param>
/// <param name="LastError">Why the last session ended, if it was an error.</param>
/// <param name="Outbound">What this node sends to the peer.</param>
/// <param name="Inbound">What this node receives from the peer.</param>
/// <param name="Conflicts">Diverged sequence spaces (see <see cref="SyncConflict"/>).</param>
/// <param name="Late">Records that arrived after this node went active without the sync; null if it never did.</param>
public sealed record SyncStatus(
    string State,
    string? Peer,
    DateTimeOffset? SessionStartedAt,
    DateTimeOffset? SessionEndedAt,
    string? LastError,
    SyncDirectionStatus Outbound,
    SyncDirectionStatus Inbound,
    IReadOnlyList<SyncConflict> Conflicts,
    LateRecordsReport? Late)
{
    /// <summary>
    /// Why the peer's records wait on this node, or null: <c>JOURNAL: disk full at PATH (N bytes free)</c> or
    /// <c>JOURNAL: read-only at PATH</c>. The records stay in the peer's journal and are applied once they fit.
    /// </summary>
    public string? Held { get; init; }
}
