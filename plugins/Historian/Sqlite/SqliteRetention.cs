namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// Deletes old values and journal headers in chunks, each chunk its own transaction on the write connection, so writes
/// go on in between (driven by <see cref="Retention.RetentionLoop"/>).
/// </summary>
internal sealed class SqliteRetention
{
    private readonly SqliteConnections _connections;

    /// <summary>Creates the retention over the store's connections.</summary>
    public SqliteRetention(SqliteConnections connections) => _connections = connections;

    /// <summary>
    /// Deletes values with a source time before <paramref name="cutoff"/>, at most <paramref name="chunk"/> rows per
    /// transaction so writes go on in between; also old journal headers (keeping each origin's last). Returns the values deleted.
    /// </summary>
    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, int chunk, CancellationToken cancellationToken)
    {
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
                var n = await ExecuteChunkAsync(
                    "DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples WHERE tag = $tag AND time < $cut LIMIT $n)",
                    [("$tag", tagId), ("$cut", cutoff.UtcTicks), ("$n", chunk)],
                    cancellationToken);
                deleted += n;
                if (n < chunk)
                    break;
            }
        }

        while (await ExecuteChunkAsync(
            """
            DELETE FROM batches WHERE (origin, seq) IN (
              SELECT b.origin, b.seq FROM batches b WHERE b.written < $cut
              AND b.seq < (SELECT MAX(m.seq) FROM batches m WHERE m.origin = b.origin) LIMIT $n)
            """,
            [("$cut", cutoff.UtcTicks), ("$n", chunk)],
            cancellationToken) == chunk)
        {
        }

        return deleted;
    }

    private Task<int> ExecuteChunkAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken) =>
        _connections.WriteAsync(writer => writer.ExecuteInTransaction(sql, parameters), cancellationToken);
}
