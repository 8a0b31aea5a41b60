namespace N3Host.Contracts.Storage;

/// <summary>
/// Tells a full or read-only disk from other failures, and probes a folder for space: a small file written, flushed
/// and deleted, so "space came back" means a write really succeeds, not only that a counter says so. Added in contracts 1.4.
/// </summary>
public static class StorageProbe
{
    /// <summary>The probe file's size: what must fit before a writer tries again.</summary>
    public const int ProbeBytes = 16 * 1024;

    // Linux/macOS errno (.NET's HResult for an unmapped error), and the Windows HRESULTs for the same conditions.
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsWriteProtect = unchecked((int)0x80070013);

    /// <summary>
    /// The condition <paramref name="error"/> (or an inner exception) reports for <paramref name="directory"/>, or null if
    /// it is another failure. <paramref name="storeKind"/> tells a store's own exceptions (a database's "full" error).
    /// </summary>
    public static StorageCondition? Classify(Exception error, string directory, Func<Exception, StorageConditionKind?>? storeKind = null)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is StorageConditionException thrown)
                return thrown.Condition;
            var kind = e switch
            {
                IOException { HResult: Enospc or WindowsDiskFull or WindowsHandleDiskFull } => StorageConditionKind.DiskFull,
                IOException { HResult: Erofs or WindowsWriteProtect } => StorageConditionKind.ReadOnly,
                _ => storeKind?.Invoke(e),
            };
            if (kind is { } found)
                return new StorageCondition(found, directory, FreeBytes(directory));
        }

        return null;
    }

    /// <summary>Writes, flushes and deletes a probe file in <paramref name="directory"/>: null if it fits, else what stops it.</summary>
    public static StorageCondition? Check(string directory)
    {
        // A folder not made yet (its disk was read-only) is probed in its nearest existing parent.
        var existing = directory;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        var path = Path.Combine(existing, ".space-probe");
        try
        {
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(new byte[ProbeBytes]);
                stream.Flush(flushToDisk: true);
            }

            File.Delete(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(path);
            return Classify(e, directory) ?? new StorageCondition(
                e is UnauthorizedAccessException ? StorageConditionKind.ReadOnly : StorageConditionKind.DiskFull, directory, FreeBytes(directory));
        }
    }

    /// <summary>Free bytes on the disk holding <paramref name="directory"/>, or -1 if the system does not say.</summary>
    public static long FreeBytes(string directory)
    {
        try
        {
            return new DriveInfo(directory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }

    /// <summary>Deletes a file if it is there; never throws (a read-only disk holds no temporary file of ours).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there (read-only), or it goes with the next try.
        }
    }
}
