using Microsoft.Data.Sqlite;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>
/// A real file-backed journal (SQLite, WAL): records keyed by (origin, sequence), applied with INSERT OR IGNORE in
/// one transaction per batch, so what it reports as held survives a kill. Reopen the same file to "restart" the node.
/// </summary>
public sealed class SqliteJournal : IJournal, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string _localOrigin;
    private readonly TimeProvider _time;

    public SqliteJournal(string name, string path, string localOrigin, TimeProvider time)
    {
        Name = name;
        _localOrigin = localOrigin;
        _time = time;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS records (
                origin TEXT NOT NULL, seq INTEGER NOT NULL, term INTEGER NOT NULL,
                ticks INTEGER NOT NULL, offset_minutes INTEGER NOT NULL, payload BLOB NOT NULL,
                PRIMARY KEY (origin, seq)) WITHOUT ROWID;
            """);
    }

    public string Name { get; }

    public long Term { get; set; } = 1;

    public event EventHandler<long>? Appended;

    public async ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        long sequence;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            sequence = LastSequence(_localOrigin) + 1;
            using var insert = InsertCommand(orIgnore: false);
            Bind(insert, new JournalRecord(_localOrigin, Term, sequence, _time.GetUtcNow(), payload));
            insert.ExecuteNonQuery();
        }
        finally
        {
            _lock.Release();
        }

        Appended?.Invoke(this, sequence);
        return sequence;
    }

    /// <summary>Appends many local records in one transaction (a node's history before the test), without raising Appended.</summary>
    public async Task SeedAsync(int count, Func<long, byte[]> payload, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var next = LastSequence(_localOrigin) + 1;
            using var transaction = _connection.BeginTransaction();
            using var insert = InsertCommand(orIgnore: false);
            insert.Transaction = transaction;
            for (var i = 0; i < count; i++, next++)
            {
                Bind(insert, new JournalRecord(_localOrigin, Term, next, _time.GetUtcNow(), payload(next)));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT origin FROM records ORDER BY origin";
            using var reader = command.ExecuteReader();
            var origins = new List<string>();
            while (reader.Read())
                origins.Add(reader.GetString(0));
            return origins;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return LastSequence(origin);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT term, seq, ticks, offset_minutes, payload FROM records WHERE origin = $o AND seq > $after ORDER BY seq LIMIT $n";
            command.Parameters.AddWithValue("$o", origin);
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$n", maxCount);
            using var reader = command.ExecuteReader();
            var records = new List<JournalRecord>();
            while (reader.Read())
            {
                var offset = TimeSpan.FromMinutes(reader.GetInt32(3));
                var timestamp = new DateTimeOffset(reader.GetInt64(2) + offset.Ticks, offset);
                records.Add(new JournalRecord(origin, reader.GetInt64(0), reader.GetInt64(1), timestamp, (byte[])reader.GetValue(4)));
            }

            return records;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = InsertCommand(orIgnore: true);
            insert.Transaction = transaction;
            var added = 0;
            foreach (var record in records)
            {
                Bind(insert, record);
                added += insert.ExecuteNonQuery();
            }

            transaction.Commit();
            return added;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM records";
            command.ExecuteNonQuery();
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _lock.Dispose();
    }

    private long LastSequence(string origin)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM records WHERE origin = $o";
        command.Parameters.AddWithValue("$o", origin);
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand InsertCommand(bool orIgnore)
    {
        var command = _connection.CreateCommand();
        command.CommandText = $"INSERT {(orIgnore ? "OR IGNORE " : "")}INTO records (origin, seq, term, ticks, offset_minutes, payload) VALUES ($o, $s, $t, $k, $m, $p)";
        foreach (var name in new[] { "$o", "$s", "$t", "$k", "$m", "$p" })
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand insert, JournalRecord record)
    {
        insert.Parameters[0].Value = record.Origin;
        insert.Parameters[1].Value = record.Sequence;
        insert.Parameters[2].Value = record.Term;
        insert.Parameters[3].Value = record.Timestamp.UtcTicks;
        insert.Parameters[4].Value = (int)record.Timestamp.Offset.TotalMinutes;
        insert.Parameters[5].Value = record.Payload.ToArray();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
