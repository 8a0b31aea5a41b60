namespace N3Host.Contracts.Storage;

/// <summary>Why a folder cannot take writes now. Added in contracts 1.4.</summary>
public enum StorageConditionKind
{
    /// <summary>No space left on the disk (ENOSPC, or a store's own "full" error).</summary>
    DiskFull,

    /// <summary>The disk or folder is read-only (EROFS, or a store's own "read-only" error).</summary>
    ReadOnly,
}
