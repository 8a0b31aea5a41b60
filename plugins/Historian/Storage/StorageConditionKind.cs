namespace N3Host.Plugins.Historian.Storage;

/// <summary>Why the data folder cannot take values now.</summary>
internal enum StorageConditionKind
{
    /// <summary>No space left on the disk (ENOSPC, SQLITE_FULL).</summary>
    DiskFull,

    /// <summary>The disk or folder is read-only (EROFS, SQLITE_READONLY).</summary>
    ReadOnly,
}
