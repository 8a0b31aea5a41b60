using Microsoft.Data.Sqlite;
using N3Host.Contracts;

namespace N3Host.Benchmarks.Historian;

/// <summary>
/// The peer: what a developer writes with Microsoft.Data.Sqlite alone. Same pragmas (WAL, synchronous NORMAL, 32 MiB page cache), one
/// prepared insert, 1 000 rows a transaction, an index on (tag, time). Two shapes: the tag as text, and the tag as an
/// integer id (the historian's own shape, without its journal).
/// </summary>
internal static class BareSqlite
{
    public static void Insert(string path, IReadOnlyList<TagValue> rows, bool integerTags)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = (integerTags
                ? "CREATE TABLE samples(tag INTEGER NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL, flags INTEGER NOT NULL, text TEXT);"
                : "CREATE TABLE samples(tag TEXT NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL, quality INTEGER NOT NULL);")
                + "CREATE INDEX samples_tag_time ON samples(tag, time); PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768;";
            setup.ExecuteNonQuery();
        }

        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        using var insert = connection.CreateCommand();
        insert.CommandText = integerTags
            ? "INSERT INTO samples(tag, time, value, flags, text) VALUES($tag, $time, $value, $q, NULL)"
            : "INSERT INTO samples(tag, time, value, quality) VALUES($tag, $time, $value, $q)";
        var tag = insert.Parameters.Add("$tag", integerTags ? SqliteType.Integer : SqliteType.Text);
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        var quality = insert.Parameters.Add("$q", SqliteType.Integer);
        insert.Prepare();
        for (var start = 0; start < rows.Count; start += 1000)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            var end = Math.Min(rows.Count, start + 1000);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                if (integerTags)
                {
                    if (!ids.TryGetValue(row.Path, out var id))
                        ids[row.Path] = id = ids.Count + 1;
                    tag.Value = id;
                }
                else
                {
                    tag.Value = row.Path;
                }

                time.Value = row.SourceTime.UtcTicks;
                value.Value = row.Number;
                quality.Value = (long)row.Quality;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>The peer's queries on the integer-tag table: what a developer writes for raw, paged, aggregated and latest values.</summary>
    public sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly long _tagId;

        public Reader(string path, long tagId)
        {
            _connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
            _connection.Open();
            _tagId = tagId;
        }

        /// <summary>The values as the historian's API returns them (one <see cref="HistorySample"/> each), the same work after the read.</summary>
        public List<HistorySample> Raw(string path, DateTimeOffset from, DateTimeOffset to, int limit)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT time, value, flags, text FROM samples WHERE tag = $tag AND time >= $from AND time < $to ORDER BY time LIMIT $limit";
            command.Parameters.AddWithValue("$tag", _tagId);
            command.Parameters.AddWithValue("$from", from.UtcTicks);
            command.Parameters.AddWithValue("$to", to.UtcTicks);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var samples = new List<HistorySample>();
            while (reader.Read())
            {
                var time = new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero);
                samples.Add(new HistorySample(time, TagValue.FromNumber(path, reader.GetDouble(1), time)));
            }

            return samples;
        }

        public int Aggregates(DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT (time - $from) / $interval AS bucket, COUNT(*), MIN(value), MAX(value), AVG(value), "
                + "(SELECT value FROM samples f WHERE f.tag = $tag AND f.time >= $from + ((s.time - $from) / $interval) * $interval ORDER BY f.time LIMIT 1), "
                + "(SELECT value FROM samples l WHERE l.tag = $tag AND l.time < $from + ((s.time - $from) / $interval + 1) * $interval ORDER BY l.time DESC LIMIT 1) "
                + "FROM samples s WHERE tag = $tag AND time >= $from AND time < $to GROUP BY bucket ORDER BY bucket";
            command.Parameters.AddWithValue("$tag", _tagId);
            command.Parameters.AddWithValue("$from", from.UtcTicks);
            command.Parameters.AddWithValue("$to", to.UtcTicks);
            command.Parameters.AddWithValue("$interval", interval.Ticks);
            using var reader = command.ExecuteReader();
            var buckets = 0;
            while (reader.Read())
                buckets++;
            return buckets;
        }

        public double? Latest()
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT value FROM samples WHERE tag = $tag ORDER BY time DESC LIMIT 1";
            command.Parameters.AddWithValue("$tag", _tagId);
            return command.ExecuteScalar() is double value ? value : null;
        }

        public void Dispose() => _connection.Dispose();
    }
}
