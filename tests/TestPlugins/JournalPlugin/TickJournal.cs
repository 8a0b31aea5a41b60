using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using N3Host.Contracts;

namespace JournalPlugin;

/// <summary>
/// A file-backed journal (SQLite, WAL): records keyed by (origin, sequence), applied with INSERT OR IGNORE in one
/// transaction per batch, so what it reports as held survives a kill.
/// </summary>
public sealed class TickJournal : IJournal, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();
    private readonly string _localOrigin;
    private readonly TimeProvider _time;
    private readonly Func<long> _term;

    /// <summary>Opens (or creates) the journal file; local records carry <paramref name="term"/>'s value and <paramref name="time"/>'s clock.</summary>
    public TickJournal(string name, string path, string localOrigin, TimeProvider time, Func<long> term)
    {
        Name = name;
        _localOrigin = localOrigin;
        _time = time;
        _term = term;
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

    public event EventHandler<long>? Appended;

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Append([payload]));

    /// <summary>Appends local records at once in one transaction (synchronously, durable when it returns) and raises <see cref="Appended"/>.</summary>
    public long Append(IReadOnlyList<ReadOnlyMemory<byte>> payloads)
    {
        long sequence;
        lock (_lock)
        {
            sequence = LastSequence(_localOrigin);
            using var transaction = _connection.BeginTransaction();
            using var insert = InsertCommand(orIgnore: false);
            insert.Transaction = transaction;
            var term = _term();
            var now = _time.GetUtcNow();
            foreach (var payload in payloads)
            {
                Bind(insert, new JournalRecord(_localOrigin, term, ++sequence, now, payload));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        Appended?.Invoke(this, sequence);
        return sequence;
    }

    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT origin FROM records ORDER BY origin";
            using var reader = command.ExecuteReader();
            var origins = new List<string>();
            while (reader.Read())
            {
                origins.Add(reader.GetString(0));
            }

            return ValueTask.FromResult<IReadOnlyList<string>>(origins);
        }
    }

    /// <summary>The highest sequence of this node's own records.</summary>
    public long LocalLastSequence()
    {
        lock (_lock)
        {
            return LastSequence(_localOrigin);
        }
    }

    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(LastSequence(origin));
        }
    }

    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        lock (_lock)
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
                records.Add(new JournalRecord(origin, reader.GetInt64(0), reader.GetInt64(1), Timestamp(reader), (byte[])reader.GetValue(4)));
            }

            return ValueTask.FromResult<IReadOnlyList<JournalRecord>>(records);
        }
    }

    public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        lock (_lock)
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
            return ValueTask.FromResult(added);
        }
    }

    /// <summary>Discards every record in one transaction (the overwrite on a new pairing); the next local record is 1 again.</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Execute("DELETE FROM records");
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Count, last sequence, duplicate payloads and a content digest per origin.</summary>
    public JournalSummary Summarize()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT origin, seq, term, ticks, offset_minutes, payload FROM records ORDER BY origin, seq";
            using var reader = command.ExecuteReader();
            var origins = new SortedDictionary<string, OriginSummary>(StringComparer.Ordinal);
            string? current = null;
            IncrementalHash? hash = null;
            HashSet<string> payloads = [];
            long count = 0, last = 0, total = 0;
            void Flush()
            {
                if (current is not null)
                {
                    origins[current] = new OriginSummary(count, last, count - payloads.Count, Convert.ToHexStringLower(hash!.GetHashAndReset()));
                    hash.Dispose();
                }
            }

            while (reader.Read())
            {
                var origin = reader.GetString(0);
                if (origin != current)
                {
                    Flush();
                    current = origin;
                    hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    payloads = [];
                    count = 0;
                }

                var payload = (byte[])reader.GetValue(5);
                last = reader.GetInt64(1);
                count++;
                total++;
                payloads.Add(Convert.ToBase64String(payload));
                var header = new byte[24];
                BitConverter.TryWriteBytes(header, last);
                BitConverter.TryWriteBytes(header[8..], reader.GetInt64(2));
                BitConverter.TryWriteBytes(header[16..], Timestamp(reader).UtcTicks);
                hash!.AppendData(header);
                hash.AppendData(payload);
            }

            Flush();
            return new JournalSummary(Name, total, origins);
        }
    }

    public void Dispose() => _connection.Dispose();

    private static DateTimeOffset Timestamp(SqliteDataReader reader)
    {
        var offset = TimeSpan.FromMinutes(reader.GetInt32(reader.GetOrdinal("offset_minutes")));
        return new DateTimeOffset(reader.GetInt64(reader.GetOrdinal("ticks")) + offset.Ticks, offset);
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
        command.CommandText = $"INSERT {(orIgnore ? "OR IGNORE " : string.Empty)}INTO records (origin, seq, term, ticks, offset_minutes, payload) VALUES ($o, $s, $t, $k, $m, $p)";
        foreach (var name in new[] { "$o", "$s", "$t", "$k", "$m", "$p" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

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
