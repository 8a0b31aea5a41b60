using System.Globalization;
using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Queries;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>The store's queries (raw with paging, aggregates, latest), each on its own read connection, over <see cref="TagHistory"/>.</summary>
internal sealed class SqliteQueries
{
    private readonly SqliteConnections _connections;
    private readonly SameTimeRule _rule;

    /// <summary>Creates the queries over the store's connections.</summary>
    public SqliteQueries(SqliteConnections connections, SameTimeRule rule)
    {
        _connections = connections;
        _rule = rule;
    }

    /// <summary>Raw values; with <paramref name="includeSuperseded"/> also those that lost by the rule (an audit).</summary>
    public async Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken)
    {
        QueryArguments.CheckRaw(tag, from, to, limit);
        var after = RawCursor.Parse(cursor);
        var skip = 0;
        if (after is { } c && (!int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out skip) || skip < 1))
            throw new ArgumentException($"cursor '{cursor}' is not valid: pass the nextCursor of the previous page", nameof(cursor));

        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return new HistoryPage([], null);

        var start = after is { } a ? Math.Max(a.Ticks, from.UtcTicks) : from.UtcTicks;
        var samples = new List<HistorySample>(Math.Min(limit, 4096));
        var (lastTicks, atLastTicks) = (0L, 0);
        var more = false;
        foreach (var (ticks, values) in TagHistory.Read(connection, tagId.Value, _connections.Chunks.Copy(tagId.Value), start, to.UtcTicks, _rule))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var shown = 0;
            foreach (var settled in values)
            {
                if (settled.Superseded && !includeSuperseded)
                    continue;
                shown++;
                if (after is { } b && ticks == b.Ticks && shown <= skip)
                    continue;
                if (samples.Count == limit)
                {
                    more = true;
                    break;
                }

                var value = SqliteValues.ToTagValue(tag, settled.Value);
                samples.Add(new HistorySample(value.SourceTime, value) { Superseded = settled.Superseded });
                (lastTicks, atLastTicks) = (ticks, shown);
            }

            if (more)
                break;
        }

        var next = more ? new RawCursor(lastTicks, atLastTicks.ToString(CultureInfo.InvariantCulture)).ToString() : null;
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

        var builder = new AggregateBuilder(from, interval);
        foreach (var (ticks, values) in TagHistory.Read(connection, tagId.Value, _connections.Chunks.Copy(tagId.Value), from.UtcTicks, to.UtcTicks, _rule))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var settled in values)
            {
                if (settled.Superseded)
                    continue;
                var (kind, quality) = ValueBatchCodec.FromFlags(settled.Value.Flags);
                if (AggregateBuilder.Counts(kind, quality))
                    builder.Add(ticks, double.IsNaN(settled.Value.Number) ? 0d : settled.Value.Number);
            }
        }

        return builder.Complete();
    }

    /// <summary>The latest stored value of a tag (of those at its latest time, the last stored that the rule shows).</summary>
    public async Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken)
    {
        QueryArguments.CheckTag(tag);
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return null;
        var inMemory = _connections.Chunks.Copy(tagId.Value);
        if (TagHistory.LatestTicks(connection, tagId.Value, inMemory) is not { } latest)
            return null;
        HistorySample? last = null;
        foreach (var (_, values) in TagHistory.Read(connection, tagId.Value, inMemory, latest, latest + 1, _rule))
        {
            foreach (var settled in values.Where(v => !v.Superseded))
            {
                var value = SqliteValues.ToTagValue(tag, settled.Value);
                last = new HistorySample(value.SourceTime, value);
            }
        }

        return last;
    }

    /// <summary>Every value of a tag in the range (an exact repeat once) with the node that made it, its record's term and whether the rule shows it.</summary>
    public async Task<IReadOnlyList<StoredValue>> QueryProvenanceAsync(string tag, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        QueryArguments.CheckRaw(tag, from, to, 1);
        await using var connection = await _connections.OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return [];
        var origins = new Dictionary<long, string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name FROM origins";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                origins[reader.GetInt64(0)] = reader.GetString(1);
        }

        var stored = new List<StoredValue>();
        foreach (var (_, values) in TagHistory.Read(connection, tagId.Value, _connections.Chunks.Copy(tagId.Value), from.UtcTicks, to.UtcTicks, _rule))
        {
            foreach (var settled in values)
                stored.Add(new StoredValue(SqliteValues.ToTagValue(tag, settled.Value), origins[settled.Origin], settled.Term, !settled.Superseded));
        }

        return stored;
    }

    private static async Task<long?> TagIdAsync(SqliteConnection connection, string tag, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM tags WHERE path = $p";
        command.Parameters.AddWithValue("$p", tag);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }
}
