using System.Globalization;

namespace N3Host.Configuration;

/// <summary>Says why a file in the data folder could not be written, in words an operator can act on.</summary>
internal static class DiskFailure
{
    // Linux/macOS errno (.NET's HResult for an unmapped error), and the Windows HRESULTs for the same conditions.
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsWriteProtect = unchecked((int)0x80070013);

    /// <summary>
    /// <c>disk full at FOLDER (N bytes free)</c>, <c>read-only at FOLDER</c>, or the system's own message, for a write of
    /// <paramref name="path"/> that failed with <paramref name="error"/>.
    /// </summary>
    public static string Describe(string path, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
        return error.HResult switch
        {
            Enospc or WindowsDiskFull or WindowsHandleDiskFull => $"disk full at {folder} ({FreeBytes(folder)} bytes free)",
            Erofs or WindowsWriteProtect => $"read-only at {folder}",
            _ => error.Message,
        };
    }

    /// <summary>Free bytes on the disk holding <paramref name="folder"/>, as text (<c>unknown</c> if the system does not say).</summary>
    public static string FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "unknown";
        }
    }

    /// <summary>Deletes a temporary file if it is there; never throws (a read-only disk holds none of ours).</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the caller reports the write that failed.
        }
    }
}
