using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Contracts.Storage;
using N3Host.Plugins.Historian.Storage;

namespace N3Host.Plugins.Historian.Accepted;

/// <summary>
/// The historian's accepted-values journal <c>historian/&lt;instance&gt;/accepted</c>: values go in as soon as the historian
/// accepted them (one record per read from the tag bus), long before their batch is committed to the store, so the pair
/// replicates them to the standby within milliseconds, whatever the batch size and flush interval. After each commit a
/// commit mark follows, and the records it covers are dropped (the journal compacts, keeping each origin's first and last
/// record). A node that starts active stores what an origin accepted after its last commit mark (a killed active node's
/// unwritten batch); the same value stored twice is a repeat and shows once. Its own SQLite file (<c>accepted.db</c>), so
/// appends never wait for the store's batch writes.
/// </summary>
internal sealed class AcceptedJournal : IJournal, IAsyncDisposable
{
    public const string FileName = "accepted.db";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private readonly string _path;
    private SqliteConnection? _open;
    private DateTimeOffset _retryAt;
    private readonly string _origin;
    private readonly Func<long> _term;
    private readonly TimeProvider _time;
    private long _last;

    public AcceptedJournal(string instance, string path, string origin, Func<long> term, TimeProvider time)
    {
        Name = NameOf(instance);
        _origin = origin;
        _term = term;
        _time = time;
        _path = path;
        try
        {
            lock (_lock)
            {
                _ = Connection;
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk at the start: the journal opens later, when it can (the historian works without it).
            LastError = e.Message;
        }
    }

    /// <summary>The last error of the journal's own file (a full or read-only disk), null while it works.</summary>
    public string? LastError { get; private set; }

    /// <summary>Values accepted that could not be put in this journal (its disk failed): they are still stored as usual, only not replicated early.</summary>
    public long NotJournalled { get; private set; }

    private SqliteConnection Connection
    {
        get
        {
            if (_open is { } open)
                return open;
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
            try
            {
                connection.Open();
                _open = connection;
                Execute("""
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = NORMAL;
                    CREATE TABLE IF NOT EXISTS records(origin TEXT NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL, term INTEGER NOT NULL,
                        written INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY(origin, seq)) WITHOUT ROWID;
                    CREATE TABLE IF NOT EXISTS replayed(origin TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
                    """);
                _last = Math.Max(_last, LastOf(_origin));
                return connection;
            }
            catch
            {
                _open = null;
                connection.Dispose();
                throw;
            }
        }
    }

    public static string NameOf(string instance) => $"historian/{instance}/accepted";

    public string Name { get; }

    public bool Compacts => true;

    public event EventHandler<long>? Appended;

    /// <summary>Records values just accepted; returns the record's sequence.</summary>
    /// <remarks>Never throws: when the journal's disk fails, the values go on to the store as before (counted in <see cref="NotJournalled"/>) and 0 is returned.</remarks>
    public long AppendValues(IReadOnlyList<TagValue> values)
    {
        var sequence = TryLocal(() => AppendLocal(AcceptedRecord.ValuesKind, AcceptedRecord.Values(values)));
        if (sequence == 0)
            NotJournalled += values.Count;
        return sequence;
    }

    /// <summary>The values of this node's records up to <paramref name="through"/> are in the store: marks it and drops them. Never throws.</summary>
    public void Committed(long through)
    {
        if (through <= 0)
            return;
        TryLocal(() =>
        {
            var mark = AppendLocal(AcceptedRecord.CommittedKind, AcceptedRecord.Committed(through));
            lock (_lock)
            {
                Compact(_origin, through, mark);
            }

            return mark;
        });
    }

    private long TryLocal(Func<long> work)
    {
        if (_open is null && _time.GetUtcNow() < _retryAt)
            return 0;
        try
        {
            var result = work();
            LastError = null;
            return result;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            LastError = e.Message;
            lock (_lock)
            {
                _open?.Dispose();
                _open = null;
            }

            _retryAt = _time.GetUtcNow() + RetryAfter;
            return 0;
        }
    }

    /// <summary>What each origin accepted after its last commit mark and after what was stored here already: the values to store at a start as active.</summary>
    public IReadOnlyList<(string Origin, long Through, List<TagValue> Values)> Uncommitted()
    {
        var result = new List<(string, long, List<TagValue>)>();
        lock (_lock)
        {
            foreach (var origin in Origins())
            {
                // After what the origin's commit marks cover (a mark comes some time after its batch, so values accepted meanwhile
                // have lower sequences than the mark itself), and after what was stored here already.
                var from = Math.Max(CommittedThrough(origin), Scalar("SELECT seq FROM replayed WHERE origin = $o", ("$o", origin)));
                var marks = new List<long>();
                using var command = Command("SELECT seq, kind, payload FROM records WHERE origin = $o AND seq > $s ORDER BY seq", ("$o", origin), ("$s", from));
                using var reader = command.ExecuteReader();
                var values = new List<TagValue>();
                long through = 0;
                while (reader.Read())
                {
                    if (reader.GetInt64(1) != AcceptedRecord.ValuesKind)
                        continue;
                    through = reader.GetInt64(0);
                    values.AddRange(AcceptedRecord.ValuesOf((byte[])reader[2]));
                }

                if (values.Count > 0)
                    result.Add((origin, through, values));
            }
        }

        return result;
    }

    /// <summary>The values of an origin up to <paramref name="through"/> were stored here (at a start as active).</summary>
    public void Replayed(string origin, long through)
    {
        lock (_lock)
        {
            using var command = Command("INSERT INTO replayed(origin, seq) VALUES($o, $s) ON CONFLICT(origin) DO UPDATE SET seq = MAX(seq, excluded.seq)", ("$o", origin), ("$s", through));
            command.ExecuteNonQuery();
        }
    }

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AppendLocal(AcceptedRecord.KindOf(payload.Span), payload.ToArray()));

    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>(Origins());
        }
    }

    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(LastOf(origin));
        }
    }

    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        var records = new List<JournalRecord>();
        lock (_lock)
        {
            using var command = Command("SELECT seq, term, written, payload FROM records WHERE origin = $o AND seq > $s ORDER BY seq LIMIT $n",
                ("$o", origin), ("$s", afterSequence), ("$n", maxCount));
            using var reader = command.ExecuteReader();
            while (reader.Read())
                records.Add(new JournalRecord(origin, reader.GetInt64(1), reader.GetInt64(0), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), (byte[])reader[3]));
        }

        return ValueTask.FromResult<IReadOnlyList<JournalRecord>>(records);
    }

    /// <remarks>A full or read-only disk throws <see cref="StorageConditionException"/>, so the sync holds the records and tries again.</remarks>
    public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            return ValueTask.FromResult(Apply(records));
        }
        catch (Exception e) when (e is not StorageConditionException && StoreErrors.Classify(e, Path.GetDirectoryName(_path) ?? _path) is { } condition)
        {
            lock (_lock)
            {
                _open?.Dispose();
                _open = null;
            }

            throw new StorageConditionException(condition, e);
        }
    }

    private int Apply(IReadOnlyList<JournalRecord> records)
    {
        var added = 0;
        lock (_lock)
        {
            var ownLast = _last;
            using var transaction = Connection.BeginTransaction();
            foreach (var record in records)
            {
                var kind = AcceptedRecord.KindOf(record.Payload.Span);
                using var insert = Command("INSERT OR IGNORE INTO records(origin, seq, kind, term, written, payload) VALUES($o, $s, $k, $t, $w, $p)",
                    ("$o", record.Origin), ("$s", record.Sequence), ("$k", kind), ("$t", record.Term), ("$w", record.Timestamp.UtcTicks), ("$p", record.Payload.ToArray()));
                insert.Transaction = transaction;
                if (insert.ExecuteNonQuery() == 0)
                    continue;
                added++;
                if (kind == AcceptedRecord.CommittedKind)
                    Compact(record.Origin, AcceptedRecord.CommittedThrough(record.Payload.Span), record.Sequence, transaction);
                if (record.Origin == _origin)
                    ownLast = Math.Max(ownLast, record.Sequence);
            }

            transaction.Commit();
            _last = ownLast;
        }

        return added;
    }

    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Execute("DELETE FROM records; DELETE FROM replayed;");
            _last = 0;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _open?.Dispose();
            _open = null;
        }

        return ValueTask.CompletedTask;
    }

    private long AppendLocal(long kind, byte[] payload)
    {
        long sequence;
        lock (_lock)
        {
            sequence = _last + 1;
            using var insert = Command("INSERT INTO records(origin, seq, kind, term, written, payload) VALUES($o, $s, $k, $t, $w, $p)",
                ("$o", _origin), ("$s", sequence), ("$k", kind), ("$t", _term()), ("$w", _time.GetUtcNow().UtcTicks), ("$p", payload));
            insert.ExecuteNonQuery();
            _last = sequence;
        }

        Appended?.Invoke(this, sequence);
        return sequence;
    }

    /// <summary>Drops an origin's values records up to <paramref name="through"/> and its older marks, keeping its first record.</summary>
    private void Compact(string origin, long through, long mark, SqliteTransaction? transaction = null)
    {
        using var command = Command("""
            DELETE FROM records WHERE origin = $o AND seq > (SELECT MIN(seq) FROM records WHERE origin = $o)
              AND ((kind = 1 AND seq <= $x) OR (kind = 2 AND seq < $m))
            """, ("$o", origin), ("$x", through), ("$m", mark));
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>The highest sequence an origin's commit marks say is in its store (0 without a mark).</summary>
    private long CommittedThrough(string origin)
    {
        using var command = Command("SELECT payload FROM records WHERE origin = $o AND kind = 2", ("$o", origin));
        using var reader = command.ExecuteReader();
        long through = 0;
        while (reader.Read())
            through = Math.Max(through, AcceptedRecord.CommittedThrough((byte[])reader[0]));
        return through;
    }

    private List<string> Origins()
    {
        using var command = Command("SELECT DISTINCT origin FROM records ORDER BY origin");
        using var reader = command.ExecuteReader();
        var origins = new List<string>();
        while (reader.Read())
            origins.Add(reader.GetString(0));
        return origins;
    }

    private long LastOf(string origin) => Scalar("SELECT MAX(seq) FROM records WHERE origin = $o", ("$o", origin));

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
