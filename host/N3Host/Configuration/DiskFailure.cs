using N3Host.Contracts.Storage;

namespace N3Host.Configuration;

/// <summary>Says why a file in the data folder could not be written, in words an operator can act on.</summary>
internal static class DiskFailure
{
    /// <summary>
    /// <c>disk full at FOLDER (N bytes free)</c>, <c>read-only at FOLDER</c>, or the system's own message, for a write of
    /// <paramref name="path"/> that failed with <paramref name="error"/>.
    /// </summary>
    public static string Describe(string path, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
        return StorageProbe.Classify(error, folder)?.Message ?? error.Message;
    }
}
