using N3Host.Plugins.Historian.Chunks;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// Deletes old values and journal headers in steps, each its own transaction on the write connection, so writes go on in
/// between (driven by <see cref="Retention.RetentionLoop"/>). The chunks in memory are sealed first, so every value is in a
/// row; a chunk wholly before the cutoff goes, one that straddles it is rewritten without its older values.
/// </summary>
internal sealed class SqliteRetention
{
    private readonly SqliteConnections _connections;

    /// <summary>Creates the retention over the store's connections.</summary>
    public SqliteRetention(SqliteConnections connections) => _connections = connections;

    /// <summary>
    /// Deletes values with a source time before <paramref name="cutoff"/>, at most <paramref name="chunk"/> values per
    /// transaction so writes go on in between; also old journal headers (keeping each origin's last). Returns the values deleted.
    /// </summary>
    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, int chunk, CancellationToken cancellationToken)
    {
        var cut = cutoff.UtcTicks;
        await _connections.WriteAsync(writer =>
        {
            using var write = SqliteWrite.Begin(_connections, writer, sealAll: true);
            write.Commit();
            return 0;
        }, cancellationToken);

        List<long> tagIds = [];
        await using (var connection = await _connections.OpenReadAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id FROM tags ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                tagIds.Add(reader.GetInt64(0));
        }

        long deleted = 0;
        foreach (var tagId in tagIds)
        {
            while (true)
            {
                var (values, done) = await _connections.WriteAsync(writer => DeleteSome(writer, tagId, cut, chunk), cancellationToken);
                deleted += values;
                if (done)
                    break;
            }
        }

        while (await _connections.WriteAsync(
            writer => writer.ExecuteInTransaction(
                """
                DELETE FROM records WHERE id IN (
                  SELECT r.id FROM records r WHERE r.written < $cut
                  AND r.seq < (SELECT MAX(m.seq) FROM records m WHERE m.origin = r.origin) LIMIT $n)
                """,
                ("$cut", cut), ("$n", chunk)),
            cancellationToken) == chunk)
        {
        }

        return deleted;
    }

    /// <summary>Deletes or trims chunks that hold values before the cutoff, about <paramref name="budget"/> values' worth; done when none is left.</summary>
    private static (long Values, bool Done) DeleteSome(SqliteWriter writer, long tag, long cut, int budget)
    {
        using var transaction = writer.Begin();
        var rows = new List<(long Id, long Tag, long LastTime, ChunkData Chunk)>();
        using (var select = writer.Command($"SELECT id, tag, last_time, {SqliteChunkReader.Columns} FROM chunks WHERE tag = $tag AND first_time < $cut LIMIT $n", transaction))
        {
            select.Parameters.AddWithValue("$tag", tag);
            select.Parameters.AddWithValue("$cut", cut);
            select.Parameters.AddWithValue("$n", Math.Max(1, budget / ChunkLimits.MaxValues));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var data = SqliteChunkReader.Read(reader, 3);
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), data));
            }
        }

        long deleted = 0;
        foreach (var (id, _, lastTime, chunk) in rows)
        {
            if (lastTime < cut)
            {
                writer.Execute("DELETE FROM chunks WHERE id = $id", transaction, ("$id", id));
                deleted += chunk.Count;
                continue;
            }

            var kept = chunk.Decode().Where(v => v.Ticks >= cut).ToList();
            var encoder = new ChunkEncoder();
            foreach (var v in kept)
                encoder.Append(v);
            writer.Execute(
                "UPDATE chunks SET first_time = $ft, first_seq = $fs, count = $n, data = $d WHERE id = $id",
                transaction,
                ("$ft", encoder.FirstTicks), ("$fs", encoder.FirstSequence), ("$n", encoder.Count), ("$d", encoder.ToArray()), ("$id", id));
            deleted += chunk.Count - kept.Count;
        }

        transaction.Commit();
        return (deleted, rows.Count < Math.Max(1, budget / ChunkLimits.MaxValues));
    }
}
