using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store's tables. Values go to <c>samples</c> (indexed on tag, time); each written batch is one
/// journal record in <c>batches</c>: origin node, term, per-origin sequence (the unique key) and the contiguous
/// rowid range of its samples. One journal row per batch keeps the journal's cost off the per-value path.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// The <c>flags</c> bit of a sample that repeats one already stored (same tag, time, value, quality, text): kept so
    /// its journal record stays whole, left out of every query. Kind and quality use the low byte.
    /// </summary>
    public const long Replayed = 256;

    /// <summary>
    /// The <c>flags</c> bit of a sample that lost to a different value at the same tag and time by the rule of
    /// <see cref="Store.ValueRank"/>: kept for an audit (<c>includeSuperseded</c>), left out of every other query.
    /// </summary>
    public const long Superseded = 512;

    /// <summary>The DDL, idempotent.</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS tags(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS origins(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS samples(tag INTEGER NOT NULL, time INTEGER NOT NULL, value REAL NOT NULL, flags INTEGER NOT NULL, text TEXT);
        CREATE INDEX IF NOT EXISTS samples_tag_time ON samples(tag, time);
        CREATE TABLE IF NOT EXISTS batches(
            origin INTEGER NOT NULL, seq INTEGER NOT NULL, term INTEGER NOT NULL, written INTEGER NOT NULL,
            first_row INTEGER NOT NULL, last_row INTEGER NOT NULL,
            PRIMARY KEY(origin, seq)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS batches_first_row ON batches(first_row);
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>
    /// The write connection's settings: WAL, NORMAL sync (durable against a process crash), a busy timeout, and a
    /// 32 MiB page cache so the (tag, time) index of a large file stays in memory while batches go in.
    /// </summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768;";

    /// <summary>The connection string for a database file. The default timeout is also how long a write waits for another program's lock.</summary>
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 5 }.ToString();

    /// <summary>A <c>samples</c> row as a value: time, value, flags and text from column <paramref name="at"/> on.</summary>
    public static TagValue ReadValue(string path, SqliteDataReader reader, int at)
    {
        var (kind, quality) = ValueBatchCodec.FromFlags(reader.GetInt32(at + 2) & 255);
        var time = new DateTimeOffset(reader.GetInt64(at), TimeSpan.Zero);
        var text = kind == TagValueKind.Text && !reader.IsDBNull(at + 3) ? reader.GetString(at + 3) : null;
        return new TagValue(path, kind, reader.GetDouble(at + 1), text, quality, time);
    }
}
