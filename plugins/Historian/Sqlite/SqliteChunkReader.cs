using Microsoft.Data.Sqlite;
using N3Host.Plugins.Historian.Chunks;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>Reads <c>chunks</c> rows selected with <see cref="Columns"/>.</summary>
internal static class SqliteChunkReader
{
    /// <summary>The columns to select, in order.</summary>
    public const string Columns = "origin, term, first_record, first_pos, count, first_time, last_time, data";

    /// <summary>The row the reader is on, its <see cref="Columns"/> from column <paramref name="at"/> on.</summary>
    public static ChunkData Read(SqliteDataReader reader, int at = 0) =>
        new(reader.GetInt64(at), reader.GetInt64(at + 1), reader.GetInt64(at + 2), reader.GetInt32(at + 3), reader.GetInt32(at + 4),
            reader.GetInt64(at + 5), reader.GetInt64(at + 6), (byte[])reader.GetValue(at + 7));

    /// <summary>Every row.</summary>
    public static List<ChunkData> ReadAll(SqliteDataReader reader)
    {
        var chunks = new List<ChunkData>();
        while (reader.Read())
            chunks.Add(Read(reader));
        return chunks;
    }
}
