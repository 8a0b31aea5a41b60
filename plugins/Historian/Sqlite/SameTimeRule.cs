using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The rule of <see cref="ValueRank"/> on the embedded store. Every value is kept as it came; the rule is applied when
/// values are read (<see cref="SqliteQueries"/>): at one tag and time, an exact repeat is shown once, and of different
/// values from different origins only those of the best ranked origin are shown (ties: the one stored first), the others
/// marked superseded for an audit. A value's rank is its record's term and whether its origin is the pair's primary. The
/// conflicts (a different value from another origin at a time already stored) are counted as values are written.
/// </summary>
internal sealed class SameTimeRule
{
    private readonly SqliteConnections _connections;
    private readonly Func<RedundancyMode> _mode;
    private long _conflicts;

    /// <summary>Creates the rule; <paramref name="mode"/> is the node's redundancy mode, read at each use.</summary>
    public SameTimeRule(SqliteConnections connections, Func<RedundancyMode> mode)
    {
        _connections = connections;
        _mode = mode;
    }

    /// <summary>Different values of one tag at one source time met since the start.</summary>
    public long ConflictsResolved => Interlocked.Read(ref _conflicts);

    /// <summary>The rank of a value of an origin written in a term.</summary>
    public ValueRank RankOf(long origin, long term) => new(term, ByPrimary(origin));

    /// <summary>
    /// Counts the conflicts the values about to be stored bring: a value not newer than its tag's latest stored time that meets a
    /// different value of another origin at its time, and no stored value identical to it. In-order values cost nothing.
    /// </summary>
    public void Count(SqliteWriter writer, long origin, IReadOnlyList<(long Tag, ChunkValue Value)> values, SqliteTransaction transaction)
    {
        foreach (var (tag, value) in values)
        {
            if (value.Ticks > writer.LastTime(tag, _connections.Chunks.LastTicks(tag), transaction))
            {
                writer.Stored(tag, value.Ticks);
                continue;
            }

            var same = false;
            var other = false;
            foreach (var chunk in _connections.Chunks.Copy(tag).Concat(writer.SealedChunksAt(tag, value.Ticks, transaction)))
            {
                if (value.Ticks < chunk.FirstTicks || value.Ticks > chunk.LastTicks)
                    continue;
                foreach (var stored in chunk.Decode())
                {
                    if (stored.Ticks != value.Ticks)
                        continue;
                    same |= stored.SameValueAs(value);
                    other |= chunk.Origin != origin;
                }
            }

            if (other && !same)
                Interlocked.Increment(ref _conflicts);
        }
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
