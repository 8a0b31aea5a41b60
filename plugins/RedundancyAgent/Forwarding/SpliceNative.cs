using System.Runtime.InteropServices;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The Linux system calls of the zero-copy path: pipe2, splice(2), fcntl, read, close.</summary>
internal static partial class SpliceNative
{
    public const uint SpliceMove = 1;
    public const uint SpliceNonBlock = 2;
    public const int EIntr = 4;
    public const int EAgain = 11;
    private const int OCloExec = 0x80000;
    private const int FSetPipeSize = 1031;

    /// <summary>A pipe with both ends close-on-exec, sized to <paramref name="size"/> when the system allows (else its default).</summary>
    public static bool TryCreatePipe(int size, out int readEnd, out int writeEnd)
    {
        Span<int> fds = stackalloc int[2];
        if (Pipe2(fds, OCloExec) != 0)
        {
            readEnd = writeEnd = -1;
            return false;
        }

        readEnd = fds[0];
        writeEnd = fds[1];
        if (Fcntl(writeEnd, FSetPipeSize, size) < 0)
        {
            // Above /proc/sys/fs/pipe-max-size (1 MiB by default) for an unprivileged process: take that much.
            _ = Fcntl(writeEnd, FSetPipeSize, Math.Min(size, 1 << 20));
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(Span<int> fds, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int fdIn, nint offsetIn, int fdOut, nint offsetOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, Span<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
