using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>
/// One client connection forwarded byte for byte to one node of the pair, both directions: by default a blocking
/// copy on a thread per direction, or on Linux with <c>zeroCopy</c> splice(2) through a pipe, so the bytes do not
/// pass through the agent's memory (falling back to an asynchronous copy if splice(2) is refused). The blocking
/// copy is the default: a thread blocked in recv(2) is woken by the kernel itself, where an asynchronous receive
/// goes through the runtime's event thread and then a pool thread; on an idle machine that added about 44 us per
/// round trip against 16 us for the blocking copy (tests/N3Host.Benchmarks, links forwarding).
/// </summary>
internal sealed class ForwardedConnection(Socket client, Socket upstream, PairNode target, AgentOptions options, AgentCounters counters, ILogger logger)
{
    private const int InitialBuffer = 16 << 10;

    private readonly CancellationTokenSource _closing = new();
    private readonly bool _zeroCopy = options.ZeroCopy && OperatingSystem.IsLinux();

    public PairNode Target { get; } = target;

    public string Client { get; } = client.RemoteEndPoint?.ToString() ?? "?";

    /// <summary>Closes both sides (the pair failed over, or the agent stops).</summary>
    public void Close()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        using (client)
        using (upstream)
        {
            var up = PumpAsync(client, upstream, up: true, linked.Token);
            var down = PumpAsync(upstream, client, up: false, linked.Token);
            var first = await Task.WhenAny(up, down);
            if (first.IsFaulted || first.IsCanceled)
            {
                await linked.CancelAsync();
            }

            await Task.WhenAll(up, down).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _closing.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, bool up, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> leftover = default;
        if (_zeroCopy)
        {
            SpliceOutcome outcome;
            try
            {
                outcome = await SpliceLoop.RunAsync(from, to, options.BufferSize, n => counters.Add(up, n), cancellationToken);
            }
            catch (SocketException)
            {
                CloseBoth(from, to);
                throw;
            }
            catch (ObjectDisposedException)
            {
                throw new OperationCanceledException("the connection was closed", cancellationToken);
            }

            if (outcome.Finished)
            {
                ShutdownSend(from, to);
                return;
            }

            if (!SpliceLoop.Unsupported(outcome.Error))
            {
                // The connection failed (a reset): close both, as the managed copy does.
                CloseBoth(from, to);
                throw new SocketException(outcome.Error);
            }

            logger.SpliceUnavailable(Client, outcome.Error);
            leftover = outcome.Leftover;
        }

        if (!_zeroCopy)
        {
            await CopyOnThreadAsync(from, to, up, cancellationToken);
            return;
        }

        await CopyAsync(from, to, up, leftover, cancellationToken);
    }

    /// <summary>
    /// Copies one direction on a thread of its own with blocking calls (an agent forwards a few link connections, so
    /// two threads per connection are cheap). The buffer starts small and doubles (up to <c>bufferSize</c>) each time a
    /// receive fills it. Closing the connection (a failover, the agent stopping) closes both sockets, which ends it.
    /// </summary>
    private Task CopyOnThreadAsync(Socket from, Socket to, bool up, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => CopyBlocking(from, to, up, done, cancellationToken), 256 << 10)
        {
            IsBackground = true,
            Name = up ? "agent-forward-up" : "agent-forward-down",
        };
        thread.Start();
        return done.Task;
    }

    private void CopyBlocking(Socket from, Socket to, bool up, TaskCompletionSource done, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => CloseBoth(from, to));
        var buffer = GC.AllocateUninitializedArray<byte>(Math.Min(InitialBuffer, options.BufferSize));
        try
        {
            while (true)
            {
                var read = from.Receive(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                for (var sent = 0; sent < read;)
                {
                    sent += to.Send(buffer, sent, read - sent, SocketFlags.None);
                }

                counters.Add(up, read);
                if (read == buffer.Length && buffer.Length < options.BufferSize)
                {
                    buffer = GC.AllocateUninitializedArray<byte>(Math.Min(buffer.Length * 2, options.BufferSize));
                }
            }

            ShutdownSend(from, to);
            done.TrySetResult();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // One side reset, or the connection was closed (failover, stop): close both.
            CloseBoth(from, to);
            if (cancellationToken.IsCancellationRequested || ex is ObjectDisposedException)
            {
                done.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : CancellationToken.None);
            }
            else
            {
                done.TrySetException(ex);
            }
        }
    }

    /// <summary>
    /// The asynchronous copy, used after splice(2) was refused (the sockets are then in the runtime's event loop already).
    /// Copies one direction with two buffers, so the next receive runs while the previous chunk is sent. They start
    /// small and double (up to <c>bufferSize</c>) each time a receive fills one: a busy direction soon moves large
    /// chunks, with few system calls per byte, while a quiet one (the acknowledgements) keeps small buffers.
    /// </summary>
    private async Task CopyAsync(Socket from, Socket to, bool up, ReadOnlyMemory<byte> leftover, CancellationToken cancellationToken)
    {
        var current = GC.AllocateUninitializedArray<byte>(Math.Min(InitialBuffer, options.BufferSize), pinned: true);
        var next = GC.AllocateUninitializedArray<byte>(current.Length, pinned: true);
        try
        {
            if (!leftover.IsEmpty)
            {
                await to.SendAsync(leftover, SocketFlags.None, cancellationToken);
                counters.Add(up, leftover.Length);
            }

            var receiving = from.ReceiveAsync(current, SocketFlags.None, cancellationToken);
            while (true)
            {
                var read = await receiving;
                if (read == 0)
                {
                    break;
                }

                receiving = from.ReceiveAsync(next, SocketFlags.None, cancellationToken);
                await to.SendAsync(current.AsMemory(0, read), SocketFlags.None, cancellationToken);
                counters.Add(up, read);
                if (read == current.Length && current.Length < options.BufferSize)
                {
                    current = GC.AllocateUninitializedArray<byte>(Math.Min(current.Length * 2, options.BufferSize), pinned: true);
                }

                (current, next) = (next, current);
            }

            ShutdownSend(from, to);
        }
        catch (SocketException)
        {
            // One side reset: close both.
            CloseBoth(from, to);
            throw;
        }
        catch (ObjectDisposedException)
        {
            throw new OperationCanceledException("the connection was closed", cancellationToken);
        }
    }

    /// <summary>The source closed its sending side: pass the end of stream on (a half-close; the other direction goes on).</summary>
    private static void ShutdownSend(Socket from, Socket to)
    {
        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            CloseBoth(from, to);
            throw;
        }
    }

    private static void CloseBoth(Socket from, Socket to)
    {
        Shutdown(from);
        Shutdown(to);
        from.Close();
        to.Close();
    }

    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed, or never connected.
        }
    }
}
