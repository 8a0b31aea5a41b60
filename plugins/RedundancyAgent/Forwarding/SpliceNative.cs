using System.Runtime.InteropServices;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The Linux system calls of the zero-copy path: pipe2, splice(2), poll, fcntl, read, close.</summary>
internal static partial class SpliceNative
{
    public const uint SpliceMove = 1;
    public const uint SpliceNonBlock = 2;
    public const short PollIn = 0x001;
    public const short PollOut = 0x004;
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
        _ = Fcntl(writeEnd, FSetPipeSize, size);
        return true;
    }

    /// <summary>Waits until <paramref name="fd"/> is ready for <paramref name="events"/> (or hung up, or in error).</summary>
    public static void Wait(int fd, short events)
    {
        var poll = new PollFd { Fd = fd, Events = events };
        while (Poll(ref poll, 1, -1) < 0 && Marshal.GetLastPInvokeError() == EIntr)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(Span<int> fds, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "splice", SetLastError = true)]
    public static partial nint Splice(int fdIn, nint offsetIn, int fdOut, nint offsetOut, nuint length, uint flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, Span<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
