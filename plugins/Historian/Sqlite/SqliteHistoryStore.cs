using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.Queries;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (WAL), values batched into transactions through prepared statements.
/// Each batch is also a record of the instance's stored-data journal (see <see cref="SqliteJournal"/>), so the
/// nodes of a redundant pair can keep each other's history. One write connection, serialized; reads use their own
/// pooled connections and never wait for writes. The file is opened on first use, and reopened after a failure.
/// </summary>
internal sealed class SqliteHistoryStore : IHistoryStore
{
    private const string ForwardedKey = "bufferForwarded";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString;
    private readonly Func<long> _term;
    private readonly Func<RedundancyMode> _mode;
    private long _conflicts;
    private readonly TimeProvider _time;
    private SqliteWriter? _writer;
    private long _lastLocalSequence;
    private long _localOriginId;
    private bool _disposed;

    /// <summary>Creates the store over a database file (nothing is opened yet).</summary>
    public SqliteHistoryStore(string path, string localOrigin, Func<long> term, TimeProvider time, Func<RedundancyMode>? mode = null)
    {
        Path = path;
        LocalOrigin = localOrigin;
        _term = term;
        _mode = mode ?? (static () => RedundancyMode.Standalone);
        _time = time;
        _connectionString = SqliteSchema.ConnectionString(path);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>This node's name: the origin of the records written here.</summary>
    public string LocalOrigin { get; }

    /// <summary>The sequence of this node's last journal record (0 if none yet).</summary>
    public long LastLocalSequence => Volatile.Read(ref _lastLocalSequence);

    /// <inheritdoc />
    public string Description => $"sqlite {Path}";

    /// <summary>Different values of one tag at one source time settled by the rule (<see cref="ValueRank"/>) since the start.</summary>
    public long ConflictsResolved => Interlocked.Read(ref _conflicts);

    /// <summary>Raised after a batch of local values was committed (the argument: its journal sequence).</summary>
    public event EventHandler<long>? Appended;

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return AppendLocalAsync(values, forwarded, cancellationToken).AsTask();
    }

    /// <summary>Writes a batch of local values as the next journal record; returns its sequence (0 for an empty batch).</summary>
    public async ValueTask<long> AppendLocalAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        if (values.Count == 0 && forwarded is null)
            return 0;
        long sequence;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            sequence = WithWriter(writer =>
            {
                using var transaction = writer.Begin();
                try
                {
                    var next = _lastLocalSequence;
                    if (values.Count > 0)
                    {
                        next++;
                        var term = _term();
                        var rows = InsertRanked(writer, values, _localOriginId, new ValueRank(term, ByPrimary(_localOriginId)), transaction);
                        writer.InsertBatch(_localOriginId, next, term, _time.GetUtcNow().UtcTicks, rows, transaction);
                    }

                    if (forwarded is { } position)
                        writer.SetMeta(ForwardedKey, position.ToString(), transaction);
                    transaction.Commit();
                    writer.Committed();
                    _lastLocalSequence = next;
                    return values.Count > 0 ? next : 0;
                }
                catch
                {
                    writer.RolledBack();
                    throw;
                }
            });
        }
        finally
        {
            _gate.Release();
        }

        if (sequence > 0)
            Appended?.Invoke(this, sequence);
        return sequence;
    }

    /// <summary>
    /// Whether an origin's values were made by the pair's primary: this node's own when it is the primary, the other node's
    /// when it is the backup (a standalone node ranks every origin alike, so the value stored first stays).
    /// </summary>
    private bool ByPrimary(long originId) => _mode() switch
    {
        RedundancyMode.Primary => originId == _localOriginId,
        RedundancyMode.Backup => originId != _localOriginId,
        _ => false,
    };

    private (long First, long Last) InsertRanked(SqliteWriter writer, IReadOnlyList<TagValue> values, long origin, ValueRank rank, SqliteTransaction transaction)
    {
        var before = writer.Conflicts;
        var rows = writer.InsertSamples(values, origin, rank, (origin, term) => new ValueRank(term, ByPrimary(origin)), transaction);
        Interlocked.Add(ref _conflicts, writer.Conflicts - before);
        return rows;
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

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return WithWriter(writer =>
            {
                using var transaction = writer.Begin();
                try
                {
                    var added = 0;
                    var ownLast = _lastLocalSequence;
                    foreach (var (record, values) in decoded)
                    {
                        var origin = writer.OriginId(record.Origin, transaction);
                        if (writer.BatchExists(origin, record.Sequence, transaction))
                            continue;
                        var rows = InsertRanked(writer, values, origin, new ValueRank(record.Term, ByPrimary(origin)), transaction);
                        writer.InsertBatch(origin, record.Sequence, record.Term, record.Timestamp.UtcTicks, rows, transaction);
                        added++;
                        if (record.Origin == LocalOrigin)
                            ownLast = Math.Max(ownLast, record.Sequence);
                    }

                    transaction.Commit();
                    writer.Committed();
                    _lastLocalSequence = ownLast;
                    return added;
                }
                catch
                {
                    writer.RolledBack();
                    throw;
                }
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Discards every journal record and the values they hold, of every origin, in one transaction (the overwrite on a new
    /// pairing); the next local batch is numbered 1 again. The forwarded position of the disk buffer is kept.
    /// </summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            WithWriter(writer =>
            {
                writer.ExecuteInTransaction("DELETE FROM samples; DELETE FROM batches;");
                _lastLocalSequence = 0;
                return 0;
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The origins whose records the journal holds.</summary>
    public async ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
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
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(b.seq) FROM batches b JOIN origins o ON o.id = b.origin WHERE o.name = $n";
        command.Parameters.AddWithValue("$n", origin);
        return await command.ExecuteScalarAsync(cancellationToken) is long max ? max : 0;
    }

    /// <summary>Journal records of an origin after a sequence, in order, with their values re-encoded from the stored rows.</summary>
    public async ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await using var connection = await OpenReadAsync(cancellationToken);
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
                    values.Add(ReadValue(reader.GetString(0), reader, 1));
            }

            records.Add(new JournalRecord(origin, h.Term, h.Seq, new DateTimeOffset(h.Written, TimeSpan.Zero), ValueBatchCodec.Encode(values)));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<BufferPosition?> GetForwardedPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $k";
        command.Parameters.AddWithValue("$k", ForwardedKey);
        return BufferPosition.TryParse(await command.ExecuteScalarAsync(cancellationToken) as string);
    }

    /// <inheritdoc />
    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken) =>
        QueryRawAsync(tag, from, to, limit, cursor, includeSuperseded: false, cancellationToken);

    /// <inheritdoc />
    public async Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken)
    {
        QueryArguments.CheckRaw(tag, from, to, limit);
        var after = RawCursor.Parse(cursor);
        long afterRow = 0;
        if (after is { } c && !long.TryParse(c.Key, out afterRow))
            throw new ArgumentException($"cursor '{cursor}' is not valid: pass the nextCursor of the previous page", nameof(cursor));

        await using var connection = await OpenReadAsync(cancellationToken);
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
            var value = ReadValue(tag, reader, 1);
            samples.Add(new HistorySample(value.SourceTime, value) { Superseded = (reader.GetInt64(3) & SqliteSchema.Superseded) != 0 });
        }

        var next = more ? new RawCursor(samples[^1].Time.UtcTicks, lastRow.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToString() : null;
        return new HistoryPage(samples, next);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        QueryArguments.CheckAggregates(tag, from, to, interval);
        await using var connection = await OpenReadAsync(cancellationToken);
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

    /// <inheritdoc />
    public async Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken)
    {
        QueryArguments.CheckTag(tag);
        await using var connection = await OpenReadAsync(cancellationToken);
        var tagId = await TagIdAsync(connection, tag, cancellationToken);
        if (tagId is null)
            return null;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, time, value, flags, text FROM samples WHERE tag = $tag AND flags < 256 ORDER BY time DESC, rowid DESC LIMIT 1";
        command.Parameters.AddWithValue("$tag", tagId.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        var value = ReadValue(tag, reader, 1);
        return new HistorySample(value.SourceTime, value);
    }

    /// <summary>
    /// Deletes values with a source time before <paramref name="cutoff"/>, at most <paramref name="chunk"/> rows per
    /// transaction so writes go on in between; also old journal headers (keeping each origin's last). Returns the values deleted.
    /// </summary>
    public async Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, int chunk, CancellationToken cancellationToken)
    {
        List<long> tagIds = [];
        await using (var connection = await OpenReadAsync(cancellationToken))
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            _writer?.Dispose();
            _writer = null;

            // Pooled read connections would keep the file open.
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> ExecuteChunkAsync(string sql, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return WithWriter(writer => writer.ExecuteInTransaction(sql, parameters));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static TagValue ReadValue(string path, SqliteDataReader reader, int at)
    {
        var (kind, quality) = ValueBatchCodec.FromFlags(reader.GetInt32(at + 2) & 255);
        var time = new DateTimeOffset(reader.GetInt64(at), TimeSpan.Zero);
        var text = kind == TagValueKind.Text && !reader.IsDBNull(at + 3) ? reader.GetString(at + 3) : null;
        return new TagValue(path, kind, reader.GetDouble(at + 1), text, quality, time);
    }

    private static async Task<long?> TagIdAsync(SqliteConnection connection, string tag, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM tags WHERE path = $p";
        command.Parameters.AddWithValue("$p", tag);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _writer) is null)
        {
            // The first reader creates the file and schema through the writer.
            await _gate.WaitAsync(cancellationToken);
            try
            {
                WithWriter(_ => 0);
            }
            catch (HistoryStoreException) when (File.Exists(Path))
            {
                // The disk may be read-only: what is stored stays readable (below).
            }
            finally
            {
                _gate.Release();
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // SQLite opens the file lazily: read once here, so a disk that cannot be read this way is found now.
            await using var probe = connection.CreateCommand();
            probe.CommandText = "PRAGMA schema_version";
            await probe.ExecuteScalarAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException e) when (File.Exists(Path))
        {
            await connection.DisposeAsync();
            return await OpenImmutableAsync(e, cancellationToken);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new HistoryStoreException($"SQLite store {Path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// On a read-only disk a WAL database cannot be opened as usual (its shared-memory file cannot be made): it is read as
    /// an immutable file instead, so stored history stays queryable while the historian waits for the disk.
    /// </summary>
    private async Task<SqliteConnection> OpenImmutableAsync(SqliteException first, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = new Uri(Path).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (SqliteException)
        {
            await connection.DisposeAsync();
            throw new HistoryStoreException($"SQLite store {Path}: {first.Message}", first);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the write connection (opened if needed) under the gate; a failure closes the connection.</summary>
    private T WithWriter<T>(Func<SqliteWriter, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            if (_writer is null)
            {
                var directory = System.IO.Path.GetDirectoryName(Path);
                if (!string.IsNullOrEmpty(directory))
                    Directory.CreateDirectory(directory);
                var writer = SqliteWriter.Open(Path);
                try
                {
                    _lastLocalSequence = writer.MaxSequence(LocalOrigin);
                    using var transaction = writer.Begin();
                    _localOriginId = writer.OriginId(LocalOrigin, transaction);
                    transaction.Commit();
                    writer.Committed();
                }
                catch
                {
                    writer.Dispose();
                    throw;
                }

                Volatile.Write(ref _writer, writer);
            }

            return work(_writer);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            _writer?.Dispose();
            _writer = null;

            // A pooled connection keeps what it found (a read-only disk, for one): the next try opens afresh.
            using (var pooled = new SqliteConnection(_connectionString))
                SqliteConnection.ClearPool(pooled);
            throw new HistoryStoreException($"SQLite store {Path}: {e.Message}", e);
        }
    }
}
