using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// Moves a file of the first format (one <c>samples</c> row per value, one <c>batches</c> row per journal record) to the
/// current one, in one transaction when the file is opened: each batch becomes a record (its payload left out: its values
/// are sealed into chunks at once, so it is rebuilt from them), each value goes into its tag's chunk with its record and
/// place. A repeat or a superseded value is kept as the first format kept it; the rule settles them when they are read.
/// If the node stops or fails half way, the transaction rolls back and the next start migrates again from the start.
/// </summary>
internal static class SqliteMigration
{
    /// <summary>Migrates if the file is of the first format; returns what was done, or null if there was nothing to do.</summary>
    public static string? MigrateIfNeeded(SqliteConnection connection)
    {
        if (!TableExists(connection, null, "samples"))
            return null;

        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!TableExists(connection, transaction, "samples"))
            return null;
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = SqliteSchema.Create;
            create.ExecuteNonQuery();
        }

        var chunks = new OpenChunks();
        using var insertRecord = Command(connection, transaction, "INSERT INTO records(origin, seq, term, written, payload) VALUES($o, $s, $t, $w, NULL) RETURNING id");
        using var insertChunk = Command(connection, transaction, """
            INSERT INTO chunks(tag, origin, term, first_time, last_time, first_seq, last_seq, first_record, first_pos, last_record, count, data)
            VALUES($tag, $o, $t, $ft, $lt, $fs, $ls, $fr, $fp, $lr, $n, $d)
            """);
        using var batches = Command(connection, transaction, "SELECT origin, seq, term, written, first_row, last_row FROM batches ORDER BY first_row");
        using var samples = Command(connection, transaction, "SELECT rowid, tag, time, value, flags & 255, text FROM samples ORDER BY rowid");
        using var batchReader = batches.ExecuteReader();
        using var sampleReader = samples.ExecuteReader();
        var hasSample = sampleReader.Read();
        long records = 0, values = 0, orphans = 0, lastRecord = 0;
        while (batchReader.Read())
        {
            var (origin, sequence, term, written, firstRow, lastRow) = (batchReader.GetInt64(0), batchReader.GetInt64(1), batchReader.GetInt64(2), batchReader.GetInt64(3), batchReader.GetInt64(4), batchReader.GetInt64(5));
            lastRecord = Insert(insertRecord, origin, sequence, term, written);
            records++;
            var tagged = new List<(long Tag, ChunkValue Value)>();
            while (hasSample && sampleReader.GetInt64(0) <= lastRow)
            {
                var row = sampleReader.GetInt64(0);
                if (row < firstRow)
                {
                    orphans++;
                }
                else
                {
                    var flags = (byte)sampleReader.GetInt32(4);
                    var (kind, _) = ValueBatchCodec.FromFlags(flags);
                    var text = kind == N3Host.Contracts.TagValueKind.Text && !sampleReader.IsDBNull(5) ? sampleReader.GetString(5) : kind == N3Host.Contracts.TagValueKind.Text ? "" : null;
                    tagged.Add((sampleReader.GetInt64(1), new ChunkValue(sampleReader.GetInt64(2), sequence, (int)(row - firstRow), flags, sampleReader.GetDouble(3), text)));
                }

                hasSample = sampleReader.Read();
            }

            chunks.Append(origin, term, lastRecord, tagged, 0);
            values += tagged.Count;
            Seal(insertChunk, chunks, all: false);
        }

        while (hasSample)
        {
            orphans++;
            hasSample = sampleReader.Read();
        }

        Seal(insertChunk, chunks, all: true);
        sampleReader.Close();
        batchReader.Close();
        using (var drop = Command(connection, transaction, $"""
            DROP TABLE samples; DROP TABLE batches;
            INSERT INTO meta(key, value) VALUES('{SqliteSchema.ReplayFromKey}', '{(lastRecord + 1).ToString(CultureInfo.InvariantCulture)}')
              ON CONFLICT(key) DO UPDATE SET value = excluded.value;
            INSERT INTO meta(key, value) VALUES('{SqliteSchema.FormatKey}', '{SqliteSchema.Format}') ON CONFLICT(key) DO UPDATE SET value = excluded.value;
            """))
        {
            drop.ExecuteNonQuery();
        }

        transaction.Commit();
        var report = string.Create(CultureInfo.InvariantCulture,
            $"moved from format 1 to {SqliteSchema.Format}: {values} values in {records} records, in {watch.Elapsed.TotalSeconds:0.0} s");
        return orphans > 0 ? report + string.Create(CultureInfo.InvariantCulture, $"; {orphans} values belonged to no record and were left out") : report;
    }

    private static void Seal(SqliteCommand insert, OpenChunks chunks, bool all)
    {
        var seals = chunks.ToSeal(null, all);
        foreach (var chunk in seals)
        {
            var v = chunk.Values;
            object[] args = [chunk.Tag, chunk.Origin, chunk.Term, v.FirstTicks, v.LastTicks, v.FirstSequence, v.LastSequence, chunk.FirstRecord, chunk.FirstPosition, chunk.LastRecord, v.Count, v.ToArray()];
            for (var i = 0; i < args.Length; i++)
                insert.Parameters[i].Value = args[i];
            insert.ExecuteNonQuery();
        }

        chunks.Sealed(seals);
    }

    private static long Insert(SqliteCommand insert, long origin, long sequence, long term, long written)
    {
        insert.Parameters[0].Value = origin;
        insert.Parameters[1].Value = sequence;
        insert.Parameters[2].Value = term;
        insert.Parameters[3].Value = written;
        return (long)insert.ExecuteScalar()!;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$[a-z]+").Select(m => m.Value).Distinct())
            command.Parameters.Add(new SqliteParameter(name, null));
        return command;
    }

    private static bool TableExists(SqliteConnection connection, SqliteTransaction? transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $t";
        command.Parameters.AddWithValue("$t", table);
        return command.ExecuteScalar() is not null;
    }
}
