using System.Diagnostics;

namespace N3Host.Testing;

/// <summary>
/// A real small filesystem (tmpfs) to fill up, so "disk full" is the kernel's ENOSPC, and to remount read-only, so
/// "read-only" is the kernel's EROFS (chmod does not stop root). Needs the right to mount (root or CAP_SYS_ADMIN).
/// </summary>
public sealed class TinyDisk : IDisposable
{
    private TinyDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeKiB"/> KiB at <paramref name="path"/>; null with the reason when this machine does not allow it.</summary>
    public static (TinyDisk? Disk, string? Reason) TryMount(string path, int sizeKiB)
    {
        if (!OperatingSystem.IsLinux())
            return (null, "a tmpfs disk-full test needs Linux");
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeKiB}k", "tmpfs", path);
        return code == 0 ? (new TinyDisk(path), null) : (null, $"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {error.Trim()}");
    }

    /// <summary>Mounts one for a test, or returns null with the reason printed (the caller then skips with that reason).</summary>
    public static TinyDisk? MountOrExplain(string path, int sizeKiB, Action<string> print, out string? reason)
    {
        (var disk, reason) = TryMount(path, sizeKiB);
        if (reason is not null)
            print($"SKIPPED: {reason}");
        return disk;
    }

    /// <summary>Free bytes on the disk now.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Remounts it read-only (EROFS for every write from now on).</summary>
    public void RemountReadOnly() => Remount("ro");

    /// <summary>Remounts it writable again.</summary>
    public void RemountWritable() => Remount("rw");

    /// <summary>Fills the disk with a file until the kernel says it is full; returns the file.</summary>
    public string Fill(string name = "filler")
    {
        var filler = System.IO.Path.Combine(Path, name);
        var chunk = new byte[4096];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }

        return filler;
    }

    public void Dispose() => Run("umount", "-l", Path);

    private void Remount(string mode)
    {
        var (code, error) = Run("mount", "-o", $"remount,{mode}", Path);
        if (code != 0)
            throw new InvalidOperationException($"remount,{mode} of {Path} failed: {error.Trim()}");
    }

    private static (int Code, string Error) Run(string file, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
