using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// Writes this node's values: each batch is one transaction and the next record of the node's journal, with the
/// store-and-forward buffer's position after it when the batch comes from the buffer (read back by
/// <see cref="GetForwardedPositionAsync"/>).
/// </summary>
internal sealed class SqliteBatchWriter
{
    private const string ForwardedKey = "bufferForwarded";
    private readonly SqliteConnections _connections;
    private readonly SameTimeRule _rule;
    private readonly Func<long> _term;
    private readonly TimeProvider _time;

    /// <summary>Creates the writer; <paramref name="term"/> is the node's current term, read at each batch.</summary>
    public SqliteBatchWriter(SqliteConnections connections, SameTimeRule rule, Func<long> term, TimeProvider time)
    {
        _connections = connections;
        _rule = rule;
        _term = term;
        _time = time;
    }

    /// <summary>Writes a batch of local values as the next journal record; returns its sequence (0 for an empty batch).</summary>
    public async ValueTask<long> AppendLocalAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        if (values.Count == 0 && forwarded is null)
            return 0;
        return await _connections.WriteAsync(writer =>
        {
            using var write = SqliteWrite.Begin(_connections, writer);
            var next = _connections.LastLocalSequence;
            if (values.Count > 0)
            {
                next++;
                write.AddRecord(_connections.LocalOriginId, next, _term(), _time.GetUtcNow().UtcTicks, values, null, _rule);
            }

            if (forwarded is { } position)
                writer.SetMeta(ForwardedKey, position.ToString(), write.Transaction);
            write.Commit();
            _connections.LastLocalSequence = next;
            return values.Count > 0 ? next : 0;
        }, cancellationToken);
    }

    /// <summary>The last buffer position recorded with a batch, if any.</summary>
    public async Task<BufferPosition?> GetForwardedPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", ForwardedKey);
        return BufferPosition.TryParse(await command.ExecuteScalarAsync(cancellationToken) as string);
    }
}
