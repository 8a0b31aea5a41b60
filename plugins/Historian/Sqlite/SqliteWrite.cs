using System.Globalization;
using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// One write transaction on the store, under the write gate: the records it adds (one row each, the payload as the
/// journal carries it), the chunks it seals (those full, and every few seconds those open too long), and the payloads it
/// drops once their values are all sealed. Only after the commit do the new values join the chunks in memory and the
/// sealed ones leave it, so a failed transaction changes nothing there.
/// </summary>
internal sealed class SqliteWrite : IDisposable
{
    private readonly SqliteConnections _connections;
    private readonly SqliteWriter _writer;
    private readonly SqliteTransaction _transaction;
    private readonly List<OpenChunk> _seals;
    private readonly bool _ageChecked;
    private readonly long _now;
    private readonly List<(long Origin, long Term, long Record, List<(long Tag, ChunkValue Value)> Values)> _records = [];
    private bool _done;

    private SqliteWrite(SqliteConnections connections, SqliteWriter writer, bool sealAll)
    {
        _connections = connections;
        _writer = writer;
        _now = connections.Time.GetUtcNow().UtcTicks;
        _ageChecked = sealAll || _now >= connections.NextAgeCheck;
        _seals = connections.Chunks.ToSeal(_ageChecked ? _now - ChunkLimits.MaxOpen.Ticks : null, sealAll);
        _transaction = writer.Begin();
    }

    /// <summary>Begins a write; with <paramref name="sealAll"/> every chunk in memory is sealed by it.</summary>
    public static SqliteWrite Begin(SqliteConnections connections, SqliteWriter writer, bool sealAll = false) => new(connections, writer, sealAll);

    /// <summary>The transaction, for other statements in it.</summary>
    public SqliteTransaction Transaction => _transaction;

    /// <summary>
    /// Adds a journal record of an origin with its values; <paramref name="payload"/> is their encoding as the journal carries
    /// it (made here when null). The conflicts they bring are counted by <paramref name="rule"/>.
    /// </summary>
    public void AddRecord(long origin, long sequence, long term, long writtenTicks, IReadOnlyList<TagValue> values, byte[]? payload, SameTimeRule rule)
    {
        var tagged = new List<(long Tag, ChunkValue Value)>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            tagged.Add((_writer.TagId(v.Path, _transaction), ToChunkValue(v, sequence, i)));
        }

        rule.Count(_writer, origin, tagged, _transaction);
        var record = _writer.InsertRecord(origin, sequence, term, writtenTicks, payload ?? ValueBatchCodec.Encode(values), _transaction);
        _records.Add((origin, term, record, tagged));
    }

    /// <summary>Seals, drops what is sealed, commits, then updates the chunks in memory.</summary>
    public void Commit()
    {
        foreach (var chunk in _seals)
            _writer.InsertChunk(chunk, _transaction);

        long? replayFrom = null;
        if (_ageChecked)
        {
            var next = _records.Count > 0 ? _records[0].Record : _connections.LastRecordId + 1;
            replayFrom = Math.Min(_connections.Chunks.OldestRecord(_seals) ?? long.MaxValue, next);
            if (replayFrom > _connections.ReplayFrom)
            {
                _writer.DropPayloads(_connections.ReplayFrom, replayFrom.Value, _transaction);
                _writer.SetMeta(SqliteSchema.ReplayFromKey, replayFrom.Value.ToString(CultureInfo.InvariantCulture), _transaction);
            }
        }

        _transaction.Commit();
        _done = true;
        _writer.Committed();
        _connections.Chunks.Sealed(_seals);
        foreach (var (origin, term, record, values) in _records)
        {
            _connections.Chunks.Append(origin, term, record, values, _now);
            _connections.LastRecordId = Math.Max(_connections.LastRecordId, record);
        }

        if (_ageChecked)
        {
            _connections.NextAgeCheck = _now + ChunkLimits.AgeCheck.Ticks;
            if (replayFrom > _connections.ReplayFrom)
                _connections.ReplayFrom = replayFrom.Value;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_done)
        {
            _transaction.Dispose();
            _writer.RolledBack();
            return;
        }

        _transaction.Dispose();
    }

    /// <summary>A value as a chunk keeps it, with its record's sequence and its place in the record.</summary>
    public static ChunkValue ToChunkValue(TagValue value, long sequence, int position) =>
        new(value.SourceTime.UtcTicks, sequence, position, ValueBatchCodec.Flags(value.Kind, value.Quality), value.Number,
            value.Kind == TagValueKind.Text ? value.Text ?? "" : null);
}
