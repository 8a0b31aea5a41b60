using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The store's journal records as rows: other nodes' records applied (ranked by <see cref="SameTimeRule"/>), records
/// read back with their values re-encoded, the origins held, and the clear on a new pairing. <see cref="SqliteJournal"/>
/// is the <c>IJournal</c> over them.
/// </summary>
internal sealed class SqliteJournalRecords
{
    private readonly SqliteConnections _connections;
    private readonly SameTimeRule _rule;

    /// <summary>Creates the journal over the store's connections.</summary>
    public SqliteJournalRecords(SqliteConnections connections, SameTimeRule rule)
    {
        _connections = connections;
        _rule = rule;
    }

    /// <summary>Applies other nodes' journal records in one transaction; records already held are skipped. Returns how many were new.</summary>
    public async ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        var decoded = new List<(JournalRecord Record, List<TagValue> Values)>(records.Count);
        foreach (var record in records)
        {
            try
            {
                decoded.Add((record, ValueBatchCodec.Decode(record.Payload.Span)));
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"historian journal record {record.Origin}#{record.Sequence}: {e.Message}", e);
            }
        }

        return await _connections.WriteAsync(writer =>
        {
            using var transaction = writer.Begin();
            try
            {
                var added = 0;
                var ownLast = _connections.LastLocalSequence;
                foreach (var (record, values) in decoded)
                {
                    var origin = writer.OriginId(record.Origin, transaction);
                    if (writer.BatchExists(origin, record.Sequence, transaction))
                        continue;
                    var rows = _rule.InsertRanked(writer, values, origin, record.Term, transaction);
                    writer.InsertBatch(origin, record.Sequence, record.Term, record.Timestamp.UtcTicks, rows, transaction);
                    added++;
                    if (record.Origin == _connections.LocalOrigin)
                        ownLast = Math.Max(ownLast, record.Sequence);
                }

                transaction.Commit();
                writer.Committed();
                _connections.LastLocalSequence = ownLast;
                return added;
            }
            catch
            {
                writer.RolledBack();
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Discards every journal record and the values they hold, of every origin, in one transaction (the overwrite on a new
    /// pairing); the next local batch is numbered 1 again. The forwarded position of the disk buffer is kept.
    /// </summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken) =>
        await _connections.WriteAsync(writer =>
        {
            writer.ExecuteInTransaction("DELETE FROM samples; DELETE FROM batches;");
            _connections.LastLocalSequence = 0;
            return 0;
        }, cancellationToken);

    /// <summary>The origins whose records the journal holds.</summary>
    public async ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM origins o WHERE EXISTS (SELECT 1 FROM batches b WHERE b.origin = o.id) ORDER BY name";
        var origins = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            origins.Add(reader.GetString(0));
        return origins;
    }

    /// <summary>The highest sequence held from an origin, 0 if none.</summary>
    public async ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(b.seq) FROM batches b JOIN origins o ON o.id = b.origin WHERE o.name = $n";
        command.Parameters.AddWithValue("$n", origin);
        return await command.ExecuteScalarAsync(cancellationToken) is long max ? max : 0;
    }

    /// <summary>Journal records of an origin after a sequence, in order, with their values re-encoded from the stored rows.</summary>
    public async ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var headers = new List<(long Seq, long Term, long Written, long First, long Last)>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT b.seq, b.term, b.written, b.first_row, b.last_row FROM batches b JOIN origins o ON o.id = b.origin
                WHERE o.name = $n AND b.seq > $after ORDER BY b.seq LIMIT $max
                """;
            command.Parameters.AddWithValue("$n", origin);
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$max", maxCount);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                headers.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        var records = new List<JournalRecord>(headers.Count);
        await using var rows = connection.CreateCommand();
        rows.Transaction = transaction;
        rows.CommandText = """
            SELECT t.path, s.time, s.value, s.flags & 255, s.text FROM samples s JOIN tags t ON t.id = s.tag
            WHERE s.rowid BETWEEN $first AND $last ORDER BY s.rowid
            """;
        var first = rows.Parameters.Add("$first", SqliteType.Integer);
        var last = rows.Parameters.Add("$last", SqliteType.Integer);
        foreach (var h in headers)
        {
            first.Value = h.First;
            last.Value = h.Last;
            var values = new List<TagValue>();
            await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    values.Add(SqliteSchema.ReadValue(reader.GetString(0), reader, 1));
            }

            records.Add(new JournalRecord(origin, h.Term, h.Seq, new DateTimeOffset(h.Written, TimeSpan.Zero), ValueBatchCodec.Encode(values)));
        }

        return records;
    }
}
