using Microsoft.Data.Sqlite;
using N3Host.Plugins.Historian.Chunks;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store's one write connection with its prepared statements. Not thread-safe: the store serializes every
/// use. Tag and origin ids created in a transaction become known only when it commits.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertRecord;
    private readonly SqliteCommand _insertChunk;
    private readonly Dictionary<long, long> _lastTimes = [];
    private readonly Dictionary<string, long> _tagIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _originIds = new(StringComparer.Ordinal);
    private readonly List<string> _pendingTags = [];
    private readonly List<string> _pendingOrigins = [];

    private SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertRecord = Command("INSERT INTO records(origin, seq, term, written, payload) VALUES($o, $s, $t, $w, $p) RETURNING id", null);
        foreach (var name in new[] { "$o", "$s", "$t", "$w" })
            _insertRecord.Parameters.Add(name, SqliteType.Integer);
        _insertRecord.Parameters.Add("$p", SqliteType.Blob);
        _insertRecord.Prepare();
        _insertChunk = Command("""
            INSERT INTO chunks(tag, origin, term, first_time, last_time, first_seq, last_seq, first_record, first_pos, last_record, count, data)
            VALUES($tag, $o, $t, $ft, $lt, $fs, $ls, $fr, $fp, $lr, $n, $d)
            """, null);
        foreach (var name in new[] { "$tag", "$o", "$t", "$ft", "$lt", "$fs", "$ls", "$fr", "$fp", "$lr", "$n" })
            _insertChunk.Parameters.Add(name, SqliteType.Integer);
        _insertChunk.Parameters.Add("$d", SqliteType.Blob);
        _insertChunk.Prepare();
    }

    /// <summary>Opens (creating if needed) the database file and its schema; a file of the first format is migrated first.</summary>
    public static SqliteWriter Open(string path, Action<string>? migrated = null)
    {
        var connection = new SqliteConnection(SqliteSchema.ConnectionString(path));
        try
        {
            connection.Open();
            Execute(connection, null, SqliteSchema.Pragmas);
            var report = SqliteMigration.MigrateIfNeeded(connection);
            if (report is not null)
                migrated?.Invoke(report);
            Execute(connection, null, SqliteSchema.Create);
            Execute(connection, null, $"INSERT INTO meta(key, value) VALUES('{SqliteSchema.FormatKey}', '{SqliteSchema.Format}') ON CONFLICT(key) DO NOTHING");
            return new SqliteWriter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Begins a write transaction (takes the database's write lock at once).</summary>
    public SqliteTransaction Begin() => _connection.BeginTransaction(deferred: false);

    /// <summary>Adds a journal record with its payload (null when its values are only in chunks); returns its id.</summary>
    public long InsertRecord(long origin, long sequence, long term, long writtenTicks, byte[]? payload, SqliteTransaction transaction)
    {
        _insertRecord.Transaction = transaction;
        _insertRecord.Parameters[0].Value = origin;
        _insertRecord.Parameters[1].Value = sequence;
        _insertRecord.Parameters[2].Value = term;
        _insertRecord.Parameters[3].Value = writtenTicks;
        _insertRecord.Parameters[4].Value = (object?)payload ?? DBNull.Value;
        return (long)_insertRecord.ExecuteScalar()!;
    }

    /// <summary>Seals a chunk: writes it as a row.</summary>
    public void InsertChunk(OpenChunk chunk, SqliteTransaction transaction)
    {
        var values = chunk.Values;
        _insertChunk.Transaction = transaction;
        var p = _insertChunk.Parameters;
        p[0].Value = chunk.Tag;
        p[1].Value = chunk.Origin;
        p[2].Value = chunk.Term;
        p[3].Value = values.FirstTicks;
        p[4].Value = values.LastTicks;
        p[5].Value = values.FirstSequence;
        p[6].Value = values.LastSequence;
        p[7].Value = chunk.FirstRecord;
        p[8].Value = chunk.FirstPosition;
        p[9].Value = chunk.LastRecord;
        p[10].Value = values.Count;
        p[11].Value = values.ToArray();
        _insertChunk.ExecuteNonQuery();
    }

    /// <summary>Drops the payloads of records with <paramref name="from"/> &lt;= id &lt; <paramref name="to"/>: their values are all in sealed chunks.</summary>
    public void DropPayloads(long from, long to, SqliteTransaction transaction)
    {
        using var command = Command("UPDATE records SET payload = NULL WHERE id >= $f AND id < $t AND payload IS NOT NULL", transaction);
        command.Parameters.AddWithValue("$f", from);
        command.Parameters.AddWithValue("$t", to);
        command.ExecuteNonQuery();
    }

    /// <summary>The latest source time stored for a tag (of any origin), long.MinValue if none; <paramref name="inMemory"/> is that of its chunks in memory.</summary>
    public long LastTime(long tag, long inMemory, SqliteTransaction transaction)
    {
        if (!_lastTimes.TryGetValue(tag, out var last))
        {
            using var command = Command("SELECT MAX(last_time) FROM chunks WHERE tag = $tag AND first_time >= (SELECT MAX(first_time) FROM chunks WHERE tag = $tag) - $span", transaction);
            command.Parameters.AddWithValue("$tag", tag);
            command.Parameters.AddWithValue("$span", ChunkLimits.MaxSpanTicks);
            last = command.ExecuteScalar() is long max ? max : long.MinValue;
        }

        last = Math.Max(last, inMemory);
        _lastTimes[tag] = last;
        return last;
    }

    /// <summary>Notes a value's time as a tag's latest, after <see cref="LastTime"/> was asked.</summary>
    public void Stored(long tag, long ticks)
    {
        if (!_lastTimes.TryGetValue(tag, out var last) || ticks > last)
            _lastTimes[tag] = ticks;
    }

    /// <summary>The sealed chunks of a tag that may hold a value at <paramref name="ticks"/>.</summary>
    public List<ChunkData> SealedChunksAt(long tag, long ticks, SqliteTransaction transaction)
    {
        using var command = Command($"""
            SELECT {SqliteChunkReader.Columns} FROM chunks
            WHERE tag = $tag AND first_time >= $from AND first_time <= $t AND last_time >= $t
            """, transaction);
        command.Parameters.AddWithValue("$tag", tag);
        command.Parameters.AddWithValue("$from", ticks - ChunkLimits.MaxSpanTicks);
        command.Parameters.AddWithValue("$t", ticks);
        using var reader = command.ExecuteReader();
        return SqliteChunkReader.ReadAll(reader);
    }

    /// <summary>The id of an origin node's name, created if new.</summary>
    public long OriginId(string origin, SqliteTransaction transaction)
    {
        if (_originIds.TryGetValue(origin, out var id))
            return id;
        id = GetOrInsert("origins", "name", origin, transaction);
        _originIds[origin] = id;
        _pendingOrigins.Add(origin);
        return id;
    }

    /// <summary>The id of a tag's path, created if new.</summary>
    public long TagId(string path, SqliteTransaction transaction)
    {
        if (_tagIds.TryGetValue(path, out var id))
            return id;
        id = GetOrInsert("tags", "path", path, transaction);
        _tagIds[path] = id;
        _pendingTags.Add(path);
        return id;
    }

    /// <summary>True if the journal holds this record.</summary>
    public bool RecordExists(long origin, long sequence, SqliteTransaction transaction)
    {
        using var command = Command("SELECT 1 FROM records WHERE origin = $o AND seq = $s", transaction);
        command.Parameters.AddWithValue("$o", origin);
        command.Parameters.AddWithValue("$s", sequence);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The highest sequence held from an origin, 0 if none.</summary>
    public long MaxSequence(string origin)
    {
        using var command = Command("SELECT MAX(r.seq) FROM records r JOIN origins o ON o.id = r.origin WHERE o.name = $n", null);
        command.Parameters.AddWithValue("$n", origin);
        return command.ExecuteScalar() is long max ? max : 0;
    }

    /// <summary>A meta value, null if unset.</summary>
    public string? GetMeta(string key, SqliteTransaction? transaction)
    {
        using var command = Command("SELECT value FROM meta WHERE key = $k", transaction);
        command.Parameters.AddWithValue("$k", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Sets a meta value in the transaction.</summary>
    public void SetMeta(string key, string value, SqliteTransaction transaction)
    {
        using var command = Command("INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", transaction);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs statements in their own short transaction; returns the rows changed.</summary>
    public int ExecuteInTransaction(string sql, params (string Name, object Value)[] parameters)
    {
        using var transaction = Begin();
        var changed = Execute(sql, transaction, parameters);
        transaction.Commit();
        return changed;
    }

    /// <summary>Runs statements in a transaction; returns the rows changed. Rows may be gone: the latest-time cache is worked out again.</summary>
    public int Execute(string sql, SqliteTransaction transaction, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, transaction);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var changed = command.ExecuteNonQuery();
        _lastTimes.Clear();
        return changed;
    }

    /// <summary>The transaction committed: ids created in it are now known.</summary>
    public void Committed()
    {
        _pendingTags.Clear();
        _pendingOrigins.Clear();
    }

    /// <summary>The transaction rolled back: forget the ids created in it.</summary>
    public void RolledBack()
    {
        _lastTimes.Clear();
        foreach (var tag in _pendingTags)
            _tagIds.Remove(tag);
        foreach (var origin in _pendingOrigins)
            _originIds.Remove(origin);
        _pendingTags.Clear();
        _pendingOrigins.Clear();
    }

    /// <summary>A command on the write connection.</summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _insertRecord.Dispose();
        _insertChunk.Dispose();
        _connection.Dispose();
    }

    private long GetOrInsert(string table, string column, string value, SqliteTransaction transaction)
    {
        using var find = Command($"SELECT id FROM {table} WHERE {column} = $v", transaction);
        find.Parameters.AddWithValue("$v", value);
        if (find.ExecuteScalar() is long id)
            return id;
        using var insert = Command($"INSERT INTO {table}({column}) VALUES($v) RETURNING id", transaction);
        insert.Parameters.AddWithValue("$v", value);
        return (long)insert.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
