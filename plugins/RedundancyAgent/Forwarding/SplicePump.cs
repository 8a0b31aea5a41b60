using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>
/// One direction of a forwarded connection with Linux splice(2): socket → pipe → socket, so the bytes move from
/// one socket's receive queue to the other's send queue inside the kernel and are never copied through user space.
/// Runs on a dedicated thread (waiting in poll). On any error it stops and says so: the caller hands the rest of
/// the direction to the managed copy, which ends the connection as usual on a connection error, and carries on
/// if splice(2) itself is not supported.
/// </summary>
internal static class SplicePump
{
    private const int EInval = 22;
    private const int ENoSys = 38;
    private const int EOpNotSupp = 95;

    /// <summary>Whether an errno says splice(2) cannot be used here (rather than that the connection ended).</summary>
    public static bool Unsupported(int error) => error is EInval or ENoSys or EOpNotSupp;

    /// <summary>Moves one direction on its own thread until the source's end of stream or an error.</summary>
    public static Task<SpliceOutcome> StartAsync(Socket from, Socket to, int pipeSize, Action<int> forwarded, string name)
    {
        var done = new TaskCompletionSource<SpliceOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    done.SetResult(Run(from, to, pipeSize, forwarded));
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            },
            256 << 10)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static SpliceOutcome Run(Socket from, Socket to, int pipeSize, Action<int> forwarded)
    {
        if (!SpliceNative.TryCreatePipe(pipeSize, out var pipeRead, out var pipeWrite))
        {
            return new SpliceOutcome(false, Marshal.GetLastPInvokeError(), []);
        }

        var fromAdded = false;
        var toAdded = false;
        try
        {
            from.SafeHandle.DangerousAddRef(ref fromAdded);
            to.SafeHandle.DangerousAddRef(ref toAdded);
            var source = (int)from.SafeHandle.DangerousGetHandle();
            var destination = (int)to.SafeHandle.DangerousGetHandle();
            return Move(source, destination, pipeRead, pipeWrite, pipeSize, forwarded, SpliceNative.SpliceMove | SpliceNative.SpliceNonBlock);
        }
        catch (ObjectDisposedException)
        {
            return new SpliceOutcome(false, 0, []);
        }
        finally
        {
            if (fromAdded)
            {
                from.SafeHandle.DangerousRelease();
            }

            if (toAdded)
            {
                to.SafeHandle.DangerousRelease();
            }

            if (pipeRead >= 0)
            {
                SpliceNative.Close(pipeRead);
            }

            if (pipeWrite >= 0)
            {
                SpliceNative.Close(pipeWrite);
            }
        }
    }

    private static SpliceOutcome Move(int source, int destination, int pipeRead, int pipeWrite, int pipeSize, Action<int> forwarded, uint flags)
    {
        while (true)
        {
            var taken = SpliceNative.Splice(source, 0, pipeWrite, 0, (nuint)pipeSize, flags);
            if (taken == 0)
            {
                return SpliceOutcome.Done;
            }

            if (taken < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == SpliceNative.EAgain)
                {
                    SpliceNative.Wait(source, SpliceNative.PollIn);
                    continue;
                }

                if (error != SpliceNative.EIntr)
                {
                    return new SpliceOutcome(false, error, []);
                }

                continue;
            }

            var pending = taken;
            while (pending > 0)
            {
                var sent = SpliceNative.Splice(pipeRead, 0, destination, 0, (nuint)pending, flags);
                if (sent > 0)
                {
                    pending -= sent;
                    forwarded((int)sent);
                    continue;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == SpliceNative.EAgain)
                {
                    SpliceNative.Wait(destination, SpliceNative.PollOut);
                }
                else if (error != SpliceNative.EIntr)
                {
                    return new SpliceOutcome(false, error, Drain(pipeRead, (int)pending));
                }
            }
        }
    }

    /// <summary>Reads back what is still in the pipe, so the managed copy sends it first.</summary>
    private static byte[] Drain(int pipeRead, int pending)
    {
        var leftover = new byte[pending];
        var got = 0;
        while (got < pending)
        {
            var n = SpliceNative.Read(pipeRead, leftover.AsSpan(got), (nuint)(pending - got));
            if (n > 0)
            {
                got += (int)n;
            }
            else if (n == 0 || Marshal.GetLastPInvokeError() != SpliceNative.EIntr)
            {
                break;
            }
        }

        return leftover.AsSpan(0, got).ToArray();
    }
}
