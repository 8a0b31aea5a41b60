using Microsoft.Data.Sqlite;
using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Historian.Storage;

/// <summary>Tells a full or read-only disk from other failures, SQLite's own errors (SQLITE_FULL, SQLITE_READONLY) included.</summary>
internal static class StoreErrors
{
    private const int SqliteFull = 13;
    private const int SqliteReadOnly = 8;

    /// <summary>The condition <paramref name="error"/> (or an inner exception) reports for <paramref name="directory"/>, or null if it is another failure.</summary>
    public static StorageCondition? Classify(Exception error, string directory) => StorageProbe.Classify(error, directory, SqliteKind);

    private static StorageConditionKind? SqliteKind(Exception error) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteFull } => StorageConditionKind.DiskFull,
        SqliteException { SqliteErrorCode: SqliteReadOnly } => StorageConditionKind.ReadOnly,
        _ => null,
    };
}
