namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The sender's state for one local sequence space: how far the peer holds it.</summary>
internal sealed class OutboundSpace(string journal, SequenceSpace space, long cursor, SyncConflict? conflict)
{
    public string Journal { get; } = journal;

    public string StoredAs { get; } = space.StoredAs;

    public string Origin { get; } = space.Cursor.Origin;

    public string Epoch { get; } = space.Cursor.Epoch;

    /// <summary>The highest sequence sent (or held by the peer).</summary>
    public long Cursor { get; set; } = cursor;

    /// <summary>Set when the peer holds a different record at its cursor: the space is not sent.</summary>
    public SyncConflict? Conflict { get; } = conflict;
}
