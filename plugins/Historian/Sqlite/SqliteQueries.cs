using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Queries;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>The store's queries (raw with paging, aggregates, latest), each on its own read connection.</summary>
internal sealed class SqliteQueries
{
    private readonly SqliteConnections _connections;

    /// <summary>Creates the queries over the store's connections.</summary>
    public SqliteQueries(SqliteConnections connections) => _connections = connections;

    /// <summary>Raw values; with <paramref name="includeSuperseded"/> also those that lost by the rule (an audit).</summary>
    public async Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken)
    {
        QueryArguments.CheckRaw(tag, from, to, limit);
        var after = RawCursor.Parse(cursor);
        long afterRow = 0;
        if (after is { } c && !long.TryParse(c.Key, out afterRow))
            throw new ArgumentException($"cursor '{cursor}' is not valid: pass the nextCursor of the previous page", nameof(cursor));

        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return new HistoryPage([], null);

        await using var command = connection.CreateCommand();
        // Exact repeats are never shown; values that lost by the rule only in an audit.
        var shown = includeSuperseded ? "(flags & 256) = 0" : "flags < 256";
        command.CommandText = after is null
            ? $"SELECT rowid, time, value, flags, text FROM samples WHERE tag = $tag AND time >= $from AND time < $to AND {shown} ORDER BY time, rowid LIMIT $limit"
            : $"""
              SELECT rowid, time, value, flags, text FROM samples
              WHERE tag = $tag AND time >= $from AND time < $to AND (time > $ct OR rowid > $cr) AND {shown} ORDER BY time, rowid LIMIT $limit
              """;
        command.Parameters.AddWithValue("$tag", tagId.Value);
        command.Parameters.AddWithValue("$from", after is { } a ? Math.Max(a.Ticks, from.UtcTicks) : from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        command.Parameters.AddWithValue("$limit", limit + 1);
        if (after is { } b)
        {
            command.Parameters.AddWithValue("$ct", b.Ticks);
            command.Parameters.AddWithValue("$cr", afterRow);
        }

        var samples = new List<HistorySample>(Math.Min(limit, 4096));
        long lastRow = 0;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (reader.Read())
        {
            if (samples.Count == limit)
            {
                more = true;
                break;
            }

            lastRow = reader.GetInt64(0);
            var value = SqliteSchema.ReadValue(tag, reader, 1);
            samples.Add(new HistorySample(value.SourceTime, value) { Superseded = (reader.GetInt64(3) & SqliteSchema.Superseded) != 0 });
        }

        var next = more ? new RawCursor(samples[^1].Time.UtcTicks, lastRow.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString() : null;
        return new HistoryPage(samples, next);
    }

    /// <summary>Aggregates per interval.</summary>
    public async Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        QueryArguments.CheckAggregates(tag, from, to, interval);
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return [];

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT time, value, flags FROM samples WHERE tag = $tag AND time >= $from AND time < $to AND flags < 256 ORDER BY time, rowid";
        command.Parameters.AddWithValue("$tag", tagId.Value);
        command.Parameters.AddWithValue("$from", from.UtcTicks);
        command.Parameters.AddWithValue("$to", to.UtcTicks);
        var builder = new AggregateBuilder(from, interval);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        // Microsoft.Data.Sqlite reads synchronously either way; Read() saves a task per row.
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (kind, quality) = ValueBatchCodec.FromFlags(reader.GetInt32(2));
            if (AggregateBuilder.Counts(kind, quality))
                builder.Add(reader.GetInt64(0), reader.GetDouble(1));
        }

        return builder.Complete();
    }

    /// <summary>The latest stored value of a tag.</summary>
    public async Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken)
    {
        QueryArguments.CheckTag(tag);
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return null;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, time, value, flags, text FROM samples WHERE tag = $tag AND flags < 256 ORDER BY time DESC, rowid DESC LIMIT 1";
        command.Parameters.AddWithValue("$tag", tagId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var value = SqliteSchema.ReadValue(tag, reader, 1);
        return new HistorySample(value.SourceTime, value);
    }

    private static async Task<long?> TagIdAsync(SqliteConnection connection, string tag, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM tags WHERE path = $p";
        command.Parameters.AddWithValue("$p", tag);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }
}
