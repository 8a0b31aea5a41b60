using N3Host.Contracts.Storage;
using System.Text;

namespace N3Host.Configuration;

/// <summary>Writes a file so a reader (or a crash) sees the old content or the new one, never a part.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to a temporary file beside <paramref name="path"/>, flushes it to disk and renames it over the file; with
    /// <paramref name="keepPrevious"/> the old file is copied to <c>&lt;path&gt;.bak</c> first. A failure (a full or read-only disk) leaves no
    /// temporary file and throws an <see cref="IOException"/> that names the file and the reason (with the free bytes on a full disk).
    /// </summary>
    /// <param name="ownerOnly">Created readable and writable by the owner only (0600): secrets, the users file.</param>
    public static void Write(string path, string text, bool keepPrevious, bool ownerOnly = false)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (keepPrevious && File.Exists(path))
            {
                File.Copy(path, path + ".bak", overwrite: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reason in words (disk full, with the free bytes; read-only), and no temporary file left behind.
            StorageProbe.TryDelete(temporary);
            throw new IOException($"cannot write {path}: {DiskFailure.Describe(path, e)}", e);
        }
    }
}
