using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The store's journal records: other nodes' records applied (their conflicts counted by <see cref="SameTimeRule"/>),
/// records read back (their payload as stored, or, once it was dropped, rebuilt from the sealed chunks), the origins held,
/// and the clear on a new pairing. <see cref="SqliteJournal"/> is the <c>IJournal</c> over them.
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
            using var write = SqliteWrite.Begin(_connections, writer);
            var added = 0;
            var ownLast = _connections.LastLocalSequence;
            var seen = new HashSet<(long, long)>();
            foreach (var (record, values) in decoded)
            {
                var origin = writer.OriginId(record.Origin, write.Transaction);
                if (!seen.Add((origin, record.Sequence)) || writer.RecordExists(origin, record.Sequence, write.Transaction))
                    continue;
                write.AddRecord(origin, record.Sequence, record.Term, record.Timestamp.UtcTicks, values, record.Payload.ToArray(), _rule);
                added++;
                if (record.Origin == _connections.LocalOrigin)
                    ownLast = Math.Max(ownLast, record.Sequence);
            }

            write.Commit();
            _connections.LastLocalSequence = ownLast;
            return added;
        }, cancellationToken);
    }

    /// <summary>
    /// Discards every journal record and the values they hold, of every origin, in one transaction (the overwrite on a new
    /// pairing); the next local batch is numbered 1 again. The forwarded position of the disk buffer is kept.
    /// </summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken) =>
        await _connections.WriteAsync(writer =>
        {
            writer.ExecuteInTransaction("DELETE FROM chunks; DELETE FROM records; DELETE FROM meta WHERE key = 'replayFrom';");
            _connections.Chunks.Clear();
            _connections.ReplayFrom = 1;
            _connections.LastLocalSequence = 0;
            return 0;
        }, cancellationToken);

    /// <summary>The origins whose records the journal holds.</summary>
    public async ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM origins o WHERE EXISTS (SELECT 1 FROM records r WHERE r.origin = o.id) ORDER BY name";
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
        command.CommandText = "SELECT MAX(r.seq) FROM records r JOIN origins o ON o.id = r.origin WHERE o.name = $n";
        command.Parameters.AddWithValue("$n", origin);
        return await command.ExecuteScalarAsync(cancellationToken) is long max ? max : 0;
    }

    /// <summary>
    /// Journal records of an origin after a sequence, in order: the payload as stored, or, for a record whose values are all
    /// sealed (its payload dropped), the same payload rebuilt from the chunks.
    /// </summary>
    public async ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var headers = new List<(long Seq, long Term, long Written, byte[]? Payload)>();
        long originId = 0;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                SELECT r.seq, r.term, r.written, r.payload, r.origin FROM records r JOIN origins o ON o.id = r.origin
                WHERE o.name = $n AND r.seq > $after ORDER BY r.seq LIMIT $max
                """;
            command.Parameters.AddWithValue("$n", origin);
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$max", maxCount);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                headers.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : (byte[])reader.GetValue(3)));
                originId = reader.GetInt64(4);
            }
        }

        var missing = headers.Where(h => h.Payload is null).Select(h => h.Seq).ToList();
        var rebuilt = missing.Count == 0 ? [] : Rebuild(connection, transaction, originId, missing);
        return headers.Select(h => new JournalRecord(origin, h.Term, h.Seq, new DateTimeOffset(h.Written, TimeSpan.Zero),
            h.Payload ?? ValueBatchCodec.Encode(rebuilt.TryGetValue(h.Seq, out var values) ? values : []))).ToList();
    }

    /// <summary>The values of an origin's records, by sequence, gathered from the sealed chunks in their places in each record.</summary>
    private static Dictionary<long, List<TagValue>> Rebuild(SqliteConnection connection, SqliteTransaction transaction, long origin, List<long> sequences)
    {
        var wanted = sequences.ToHashSet();
        var placed = new Dictionary<long, List<(int Position, TagValue Value)>>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT t.path, c.{SqliteChunkReader.Columns.Replace(", ", ", c.", StringComparison.Ordinal)} FROM chunks c JOIN tags t ON t.id = c.tag
            WHERE c.origin = $o AND c.first_seq >= $lo AND c.first_seq <= $hi AND c.last_seq >= $min
            """;
        command.Parameters.AddWithValue("$o", origin);
        command.Parameters.AddWithValue("$lo", sequences.Min() - ChunkLimits.MaxSequenceSpan);
        command.Parameters.AddWithValue("$hi", sequences.Max());
        command.Parameters.AddWithValue("$min", sequences.Min());
        using var reader = command.ExecuteReader();
        var values = new List<ChunkValue>();
        while (reader.Read())
        {
            var path = reader.GetString(0);
            var chunk = SqliteChunkReader.Read(reader, 1);
            values.Clear();
            ChunkDecoder.Decode(chunk.Data, chunk.Count, values);
            foreach (var v in values)
            {
                if (!wanted.Contains(v.Sequence))
                    continue;
                if (!placed.TryGetValue(v.Sequence, out var list))
                    placed[v.Sequence] = list = [];
                list.Add((v.Position, SqliteValues.ToTagValue(path, v, keepNaN: true)));
            }
        }

        return placed.ToDictionary(e => e.Key, e => e.Value.OrderBy(p => p.Position).Select(p => p.Value).ToList());
    }
}
