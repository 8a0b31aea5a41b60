using System.Globalization;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// When the file is opened: puts back into memory the values that were stored (their records' payloads are in the file)
/// but not yet sealed into chunks when the node stopped or was killed. A value sealed already is recognised by its record
/// and place in the record, up to which its tag and origin's last sealed chunk goes.
/// </summary>
internal static class SqliteReplay
{
    /// <summary>Replays into <paramref name="chunks"/>; returns the first record id that may be only in memory, and the last record id.</summary>
    public static (long ReplayFrom, long LastRecord) Run(SqliteWriter writer, OpenChunks chunks, long now)
    {
        var replayFrom = long.TryParse(writer.GetMeta(SqliteSchema.ReplayFromKey, null), NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 1;
        long lastRecord;
        using (var max = writer.Command("SELECT COALESCE(MAX(id), 0) FROM records", null))
            lastRecord = (long)max.ExecuteScalar()!;

        // Where each tag and origin's sealed values end: (record, place in record) of the last value of its latest chunk.
        var sealedUpTo = new Dictionary<(long Tag, long Origin), (long Record, int Position)>();
        using (var command = writer.Command($"SELECT tag, last_record, {SqliteChunkReader.Columns} FROM chunks WHERE last_record >= $rp", null))
        {
            command.Parameters.AddWithValue("$rp", replayFrom);
            using var reader = command.ExecuteReader();
            var values = new List<ChunkValue>();
            while (reader.Read())
            {
                var tag = reader.GetInt64(0);
                var record = reader.GetInt64(1);
                var chunk = SqliteChunkReader.Read(reader, 2);
                values.Clear();
                ChunkDecoder.Decode(chunk.Data, chunk.Count, values);
                var end = (record, values[^1].Position);
                if (!sealedUpTo.TryGetValue((tag, chunk.Origin), out var known) || known.CompareTo(end) < 0)
                    sealedUpTo[(tag, chunk.Origin)] = end;
            }
        }

        using var transaction = writer.Begin();
        using (var command = writer.Command("SELECT id, origin, seq, term, payload FROM records WHERE id >= $rp AND payload IS NOT NULL ORDER BY id", transaction))
        {
            command.Parameters.AddWithValue("$rp", replayFrom);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var (record, origin, sequence, term) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                var values = ValueBatchCodec.Decode((byte[])reader.GetValue(4));
                var tagged = new List<(long Tag, ChunkValue Value)>(values.Count);
                for (var i = 0; i < values.Count; i++)
                {
                    var tag = writer.TagId(values[i].Path, transaction);
                    if (sealedUpTo.TryGetValue((tag, origin), out var upTo) && upTo.CompareTo((record, i)) >= 0)
                        continue;
                    tagged.Add((tag, SqliteWrite.ToChunkValue(values[i], sequence, i)));
                }

                chunks.Append(origin, term, record, tagged, now);
            }
        }

        transaction.Commit();
        writer.Committed();
        return (replayFrom, lastRecord);
    }
}
