using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The rule of <see cref="ValueRank"/> on the embedded store: values go in ranked by their term and whether their origin
/// is the pair's primary, and the conflicts the rule settles are counted. Used under the write gate, by local batches
/// (<see cref="SqliteBatchWriter"/>) and by other nodes' records (<see cref="SqliteJournalRecords"/>) alike.
/// </summary>
internal sealed class SameTimeRule
{
    private readonly SqliteConnections _connections;
    private readonly Func<RedundancyMode> _mode;
    private long _conflicts;

    /// <summary>Creates the rule; <paramref name="mode"/> is the node's redundancy mode, read at each insert.</summary>
    public SameTimeRule(SqliteConnections connections, Func<RedundancyMode> mode)
    {
        _connections = connections;
        _mode = mode;
    }

    /// <summary>Different values of one tag at one source time settled by the rule since the start.</summary>
    public long ConflictsResolved => Interlocked.Read(ref _conflicts);

    /// <summary>Inserts values of an origin written in a term; returns their rowid range.</summary>
    public (long First, long Last) InsertRanked(SqliteWriter writer, IReadOnlyList<TagValue> values, long origin, long term, SqliteTransaction transaction)
    {
        var rank = new ValueRank(term, ByPrimary(origin));
        var before = writer.Conflicts;
        var rows = writer.InsertSamples(values, origin, rank, (origin, term) => new ValueRank(term, ByPrimary(origin)), transaction);
        Interlocked.Add(ref _conflicts, writer.Conflicts - before);
        return rows;
    }

    /// <summary>
    /// Whether an origin's values were made by the pair's primary: this node's own when it is the primary, the other node's
    /// when it is the backup (a standalone node ranks every origin alike, so the value stored first stays).
    /// </summary>
    private bool ByPrimary(long originId) => _mode() switch
    {
        RedundancyMode.Primary => originId == _connections.LocalOriginId,
        RedundancyMode.Backup => originId != _connections.LocalOriginId,
        _ => false,
    };
}
