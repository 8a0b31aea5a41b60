using System.Runtime.InteropServices;

namespace N3Host.Testing;

/// <summary>POSIX signals to a process (Linux numbering).</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    public const int Continue = 18;
    public const int Stop = 19;
    public const int Terminate = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);

    public static void Send(int pid, int signal)
    {
        if (SysKill(pid, signal) != 0)
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
