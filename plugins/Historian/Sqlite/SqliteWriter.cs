using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store's one write connection with its prepared statements. Not thread-safe: the store
/// serializes every use. Tag and origin ids created in a transaction become known only when it commits.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertSample;
    private readonly SqliteParameter _sTag;
    private readonly SqliteParameter _sTime;
    private readonly SqliteParameter _sValue;
    private readonly SqliteParameter _sFlags;
    private readonly SqliteParameter _sText;
    private readonly SqliteCommand _lastRowId;
    private readonly SqliteCommand _findSame;
    private readonly SqliteCommand _maxTime;
    private readonly SqliteCommand _findOthers;
    private readonly Dictionary<long, long> _lastTimes = [];
    private readonly Dictionary<string, long> _tagIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _originIds = new(StringComparer.Ordinal);
    private readonly List<string> _pendingTags = [];
    private readonly List<string> _pendingOrigins = [];

    private SqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _insertSample = connection.CreateCommand();
        _insertSample.CommandText = "INSERT INTO samples(tag, time, value, flags, text) VALUES($tag, $time, $value, $flags, $text)";
        _sTag = _insertSample.Parameters.Add("$tag", SqliteType.Integer);
        _sTime = _insertSample.Parameters.Add("$time", SqliteType.Integer);
        _sValue = _insertSample.Parameters.Add("$value", SqliteType.Real);
        _sFlags = _insertSample.Parameters.Add("$flags", SqliteType.Integer);
        _sText = _insertSample.Parameters.Add("$text", SqliteType.Text);
        _insertSample.Prepare();
        _lastRowId = connection.CreateCommand();
        _lastRowId.CommandText = "SELECT last_insert_rowid()";
        _lastRowId.Prepare();
        _findSame = connection.CreateCommand();
        _findSame.CommandText = "SELECT 1 FROM samples WHERE tag = $tag AND time = $time AND value = $value AND (flags & 255) = $flags AND text IS $text LIMIT 1";
        _findSame.Parameters.Add("$tag", SqliteType.Integer);
        _findSame.Parameters.Add("$time", SqliteType.Integer);
        _findSame.Parameters.Add("$value", SqliteType.Real);
        _findSame.Parameters.Add("$flags", SqliteType.Integer);
        _findSame.Parameters.Add("$text", SqliteType.Text);
        _findOthers = connection.CreateCommand();
        _findOthers.CommandText = """
            SELECT s.rowid, b.term, b.origin FROM samples s
            LEFT JOIN batches b ON b.first_row = (SELECT MAX(x.first_row) FROM batches x WHERE x.first_row <= s.rowid) AND b.last_row >= s.rowid
            WHERE s.tag = $tag AND s.time = $time AND s.flags < 256
            """;
        _findOthers.Parameters.Add("$tag", SqliteType.Integer);
        _findOthers.Parameters.Add("$time", SqliteType.Integer);
        _maxTime = connection.CreateCommand();
        _maxTime.CommandText = "SELECT MAX(time) FROM samples WHERE tag = $tag";
        _maxTime.Parameters.Add("$tag", SqliteType.Integer);
    }

    /// <summary>Opens (creating if needed) the database file and its schema.</summary>
    public static SqliteWriter Open(string path)
    {
        var connection = new SqliteConnection(SqliteSchema.ConnectionString(path));
        try
        {
            connection.Open();
            Execute(connection, null, SqliteSchema.Pragmas);
            Execute(connection, null, SqliteSchema.Create);
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

    /// <summary>
    /// Inserts values; returns the rowid range they got (contiguous: one connection, one transaction), or (0, -1) for none.
    /// A value identical to one already stored (same tag, time, value, quality and text: a replay, e.g. a link resending
    /// what a killed node had stored, or the same value reaching both nodes of a pair) is kept but marked
    /// <see cref="SqliteSchema.Replayed"/>, so queries show it once while the journal record stays byte-identical.
    /// Only values not newer than the tag's latest stored time are looked up: in-order ingest pays nothing.
    /// </summary>
    /// <remarks>
    /// A different value at the same tag and time (both nodes were active) is settled by <see cref="Store.ValueRank"/>: the
    /// loser is marked <see cref="SqliteSchema.Superseded"/> (the new value, or the stored one), counted in <see cref="Conflicts"/>.
    /// <paramref name="rankOf"/> gives a stored value's rank from its record's term and origin id.
    /// </remarks>
    public (long First, long Last) InsertSamples(IReadOnlyList<TagValue> values, SqliteTransaction transaction) =>
        InsertSamples(values, -1, default, static (_, _) => default, transaction);

    /// <inheritdoc cref="InsertSamples(IReadOnlyList{TagValue}, SqliteTransaction)"/>
    public (long First, long Last) InsertSamples(IReadOnlyList<TagValue> values, long origin, Store.ValueRank rank, Func<long, long, Store.ValueRank> rankOf, SqliteTransaction transaction)
    {
        if (values.Count == 0)
            return (0, -1);
        _insertSample.Transaction = transaction;
        foreach (var v in values)
        {
            var tag = TagId(v.Path, transaction);
            var time = v.SourceTime.UtcTicks;
            _sTag.Value = tag;
            _sTime.Value = time;
            _sValue.Value = double.IsNaN(v.Number) ? 0d : v.Number;
            _sFlags.Value = (long)ValueBatchCodec.Flags(v.Kind, v.Quality);
            _sText.Value = v.Kind == TagValueKind.Text ? v.Text ?? "" : DBNull.Value;
            if (time <= LastTime(tag, transaction))
            {
                if (IsStored(transaction))
                    _sFlags.Value = (long)_sFlags.Value | SqliteSchema.Replayed;
                else if (origin >= 0 && !Settle(origin, rank, rankOf, transaction))
                    _sFlags.Value = (long)_sFlags.Value | SqliteSchema.Superseded;
            }
            else
            {
                _lastTimes[tag] = time;
            }

            _insertSample.ExecuteNonQuery();
        }

        _lastRowId.Transaction = transaction;
        var last = (long)_lastRowId.ExecuteScalar()!;
        return (last - values.Count + 1, last);
    }

    /// <summary>Different values settled at one tag and time since this writer opened.</summary>
    public long Conflicts { get; private set; }

    /// <summary>
    /// The value about to be inserted meets stored visible values of the same tag and time from another origin (another node):
    /// true if it wins (each loser among them is marked superseded), false if one of them beats it. Values of one origin at
    /// one time are all kept, as that node made them.
    /// </summary>
    private bool Settle(long origin, Store.ValueRank rank, Func<long, long, Store.ValueRank> rankOf, SqliteTransaction transaction)
    {
        _findOthers.Transaction = transaction;
        _findOthers.Parameters[0].Value = _sTag.Value;
        _findOthers.Parameters[1].Value = _sTime.Value;
        var others = new List<(long Row, Store.ValueRank Rank)>();
        using (var reader = _findOthers.ExecuteReader())
        {
            while (reader.Read())
            {
                // A row of the batch being written has no batch row yet: the same origin.
                if (reader.IsDBNull(1) || reader.GetInt64(2) == origin)
                    continue;
                others.Add((reader.GetInt64(0), rankOf(reader.GetInt64(2), reader.GetInt64(1))));
            }
        }

        if (others.Count == 0)
            return true;
        Conflicts++;
        if (others.Any(o => !rank.Beats(o.Rank)))
            return false;
        foreach (var (row, _) in others)
        {
            using var mark = Command("UPDATE samples SET flags = flags | $f WHERE rowid = $r", transaction);
            mark.Parameters.AddWithValue("$f", SqliteSchema.Superseded);
            mark.Parameters.AddWithValue("$r", row);
            mark.ExecuteNonQuery();
        }

        return true;
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

    /// <summary>True if the journal holds this record.</summary>
    public bool BatchExists(long origin, long sequence, SqliteTransaction transaction)
    {
        using var command = Command("SELECT 1 FROM batches WHERE origin = $o AND seq = $s", transaction);
        command.Parameters.AddWithValue("$o", origin);
        command.Parameters.AddWithValue("$s", sequence);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Adds a journal record header.</summary>
    public void InsertBatch(long origin, long sequence, long term, long writtenTicks, (long First, long Last) rows, SqliteTransaction transaction)
    {
        using var command = Command("INSERT INTO batches(origin, seq, term, written, first_row, last_row) VALUES($o, $s, $t, $w, $f, $l)", transaction);
        command.Parameters.AddWithValue("$o", origin);
        command.Parameters.AddWithValue("$s", sequence);
        command.Parameters.AddWithValue("$t", term);
        command.Parameters.AddWithValue("$w", writtenTicks);
        command.Parameters.AddWithValue("$f", rows.First);
        command.Parameters.AddWithValue("$l", rows.Last);
        command.ExecuteNonQuery();
    }

    /// <summary>The highest sequence held from an origin, 0 if none.</summary>
    public long MaxSequence(string origin)
    {
        using var command = Command("SELECT MAX(b.seq) FROM batches b JOIN origins o ON o.id = b.origin WHERE o.name = $n", null);
        command.Parameters.AddWithValue("$n", origin);
        return command.ExecuteScalar() is long max ? max : 0;
    }

    /// <summary>Sets a meta value in the transaction.</summary>
    public void SetMeta(string key, string value, SqliteTransaction transaction)
    {
        using var command = Command("INSERT INTO meta(key, value) VALUES($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", transaction);
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$v", value);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a statement in its own short transaction; returns the rows changed.</summary>
    public int ExecuteInTransaction(string sql, params (string Name, object Value)[] parameters)
    {
        using var transaction = Begin();
        using var command = Command(sql, transaction);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        var changed = command.ExecuteNonQuery();
        transaction.Commit();

        // Rows may be gone: the latest-time cache is worked out again (it may only ever be too high, never too low).
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

    /// <inheritdoc />
    public void Dispose()
    {
        _insertSample.Dispose();
        _lastRowId.Dispose();
        _findSame.Dispose();
        _maxTime.Dispose();
        _findOthers.Dispose();
        _connection.Dispose();
    }

    private long LastTime(long tag, SqliteTransaction transaction)
    {
        if (_lastTimes.TryGetValue(tag, out var last))
            return last;
        _maxTime.Transaction = transaction;
        _maxTime.Parameters[0].Value = tag;
        last = _maxTime.ExecuteScalar() is long max ? max : long.MinValue;
        _lastTimes[tag] = last;
        return last;
    }

    private bool IsStored(SqliteTransaction transaction)
    {
        _findSame.Transaction = transaction;
        _findSame.Parameters[0].Value = _sTag.Value;
        _findSame.Parameters[1].Value = _sTime.Value;
        _findSame.Parameters[2].Value = _sValue.Value;
        _findSame.Parameters[3].Value = _sFlags.Value;
        _findSame.Parameters[4].Value = _sText.Value;
        return _findSame.ExecuteScalar() is not null;
    }

    private long TagId(string path, SqliteTransaction transaction)
    {
        if (_tagIds.TryGetValue(path, out var id))
            return id;
        id = GetOrInsert("tags", "path", path, transaction);
        _tagIds[path] = id;
        _pendingTags.Add(path);
        return id;
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

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
