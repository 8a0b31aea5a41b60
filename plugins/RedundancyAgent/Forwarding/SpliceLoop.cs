using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>
/// One direction of a forwarded connection with Linux splice(2), socket → pipe → socket, driven by the sockets'
/// own asynchronous readiness (a zero-byte receive waits for data without taking it), so it runs on the thread
/// pool like the managed copy: no thread of its own to wake. When the destination's send buffer is full, the
/// rest of the chunk is read back from the pipe and sent with an asynchronous send, which waits for room.
/// </summary>
internal static class SpliceLoop
{
    private const int EInval = 22;
    private const int ENoSys = 38;
    private const int EOpNotSupp = 95;
    private const uint Flags = SpliceNative.SpliceMove | SpliceNative.SpliceNonBlock;

    /// <summary>Whether an errno says splice(2) cannot be used here (rather than that the connection ended).</summary>
    public static bool Unsupported(int error) => error is EInval or ENoSys or EOpNotSupp;

    /// <summary>Moves one direction until the source's end of stream (<see cref="SpliceOutcome.Done"/>) or an error.</summary>
    public static async Task<SpliceOutcome> RunAsync(Socket from, Socket to, int pipeSize, Action<int> forwarded, CancellationToken cancellationToken)
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
            byte[]? spill = null;
            while (true)
            {
                await from.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                var taken = SpliceNative.Splice(source, 0, pipeWrite, 0, (nuint)pipeSize, Flags);
                if (taken == 0)
                {
                    return SpliceOutcome.Done;
                }

                if (taken < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error is SpliceNative.EAgain or SpliceNative.EIntr)
                    {
                        continue;
                    }

                    return new SpliceOutcome(false, error, []);
                }

                var pending = (int)taken;
                while (pending > 0)
                {
                    var sent = SpliceNative.Splice(pipeRead, 0, destination, 0, (nuint)pending, Flags);
                    if (sent > 0)
                    {
                        pending -= (int)sent;
                        forwarded((int)sent);
                        continue;
                    }

                    var error = Marshal.GetLastPInvokeError();
                    if (error == SpliceNative.EIntr)
                    {
                        continue;
                    }

                    spill ??= GC.AllocateUninitializedArray<byte>(Math.Max(pipeSize, 1 << 20));
                    var back = Drain(pipeRead, spill, pending);
                    if (error != SpliceNative.EAgain)
                    {
                        return new SpliceOutcome(false, error, spill.AsSpan(0, back).ToArray());
                    }

                    // The destination is full: its asynchronous send waits for room (these bytes are copied once).
                    await to.SendAsync(spill.AsMemory(0, back), SocketFlags.None, cancellationToken);
                    forwarded(back);
                    pending -= back;
                }
            }
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

            SpliceNative.Close(pipeRead);
            SpliceNative.Close(pipeWrite);
        }
    }

    /// <summary>Reads what is still in the pipe (at most the buffer's length).</summary>
    private static int Drain(int pipeRead, byte[] into, int pending)
    {
        var got = 0;
        var want = Math.Min(pending, into.Length);
        while (got < want)
        {
            var n = SpliceNative.Read(pipeRead, into.AsSpan(got), (nuint)(want - got));
            if (n > 0)
            {
                got += (int)n;
            }
            else if (n == 0 || Marshal.GetLastPInvokeError() != SpliceNative.EIntr)
            {
                break;
            }
        }

        return got;
    }
}
