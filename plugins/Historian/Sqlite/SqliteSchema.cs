using Microsoft.Data.Sqlite;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store's tables (format 2). Each written batch is one row of <c>records</c>: the journal record (origin
/// node, term, per-origin sequence) with its payload, the batch as the journal carries it; appending that one row is
/// all a batch costs. Values then gather in memory per tag into chunks (<see cref="Chunks.OpenChunks"/>) and are
/// sealed into <c>chunks</c>: one row per tag, origin and term of up to 120 values packed by
/// <see cref="Chunks.ChunkEncoder"/>, clustered by tag and time for queries and by origin and sequence for the journal.
/// A record's payload is dropped once every value of it is in a sealed chunk (the record is then rebuilt from the
/// chunks when the journal is read); <c>meta.replayFrom</c> is the first record whose values may still be only in
/// memory, replayed into memory when the file is opened.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The format this code writes; a file of format 1 (one row per value) is migrated when opened.</summary>
    public const int Format = 2;

    /// <summary>The DDL, idempotent.</summary>
    public const string Create = """
        CREATE TABLE IF NOT EXISTS tags(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS origins(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS records(
            id INTEGER PRIMARY KEY, origin INTEGER NOT NULL, seq INTEGER NOT NULL, term INTEGER NOT NULL, written INTEGER NOT NULL, payload BLOB);
        CREATE UNIQUE INDEX IF NOT EXISTS records_origin_seq ON records(origin, seq);
        CREATE TABLE IF NOT EXISTS chunks(
            id INTEGER PRIMARY KEY, tag INTEGER NOT NULL, origin INTEGER NOT NULL, term INTEGER NOT NULL,
            first_time INTEGER NOT NULL, last_time INTEGER NOT NULL, first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL,
            first_record INTEGER NOT NULL, first_pos INTEGER NOT NULL, last_record INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL);
        CREATE INDEX IF NOT EXISTS chunks_tag_time ON chunks(tag, first_time);
        CREATE INDEX IF NOT EXISTS chunks_origin_seq ON chunks(origin, first_seq);
        CREATE INDEX IF NOT EXISTS chunks_last_record ON chunks(last_record);
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>The write connection's settings: WAL, NORMAL sync (durable against a process crash), a busy timeout, an 8 MiB page cache.</summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-8192;";

    /// <summary>The <c>meta</c> key of the file's format.</summary>
    public const string FormatKey = "format";

    /// <summary>The <c>meta</c> key of the first record whose values may be only in memory.</summary>
    public const string ReplayFromKey = "replayFrom";

    /// <summary>The connection string for a database file. The default timeout is also how long a write waits for another program's lock.</summary>
    public static string ConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 5 }.ToString();
}
