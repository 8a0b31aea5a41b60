using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace N3Host.Transport.Listening;

/// <summary>
/// A listening TCP socket and its accept loop, the one every node-facing listener runs (the pair's peer link, a link server,
/// the RedundancyAgent): bound at once so that a port in use fails the start, each accepted connection handled on its own
/// task, which owns the socket; a failed accept never ends the loop; stopping waits for every connection's handler.
/// </summary>
public sealed class AcceptLoop : IDisposable
{
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    private AcceptLoop(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The address and port bound (the port the OS chose when 0 was asked).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The connections whose handler is running.</summary>
    public int Connections => _running.Count;

    /// <summary>Binds and listens now. Throws <see cref="SocketException"/> when the address cannot be bound (the caller names its setting).</summary>
    public static AcceptLoop Listen(IPEndPoint endPoint, int backlog)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new AcceptLoop(socket);
    }

    /// <summary>
    /// Accepts until <paramref name="cancellationToken"/> is cancelled or the loop is disposed, handing each connection to
    /// <paramref name="handle"/> on the thread pool (with the same token). A handler's exception is observed here and goes
    /// no further: handlers report their own failures. Returns once accepting stopped and every handler returned.
    /// </summary>
    /// <param name="acceptFailed">Told when one accept fails (the loop goes on).</param>
    public async Task RunAsync(Func<Socket, CancellationToken, Task> handle, Action<SocketException>? acceptFailed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using (cancellationToken.Register(static s => ((Socket)s!).Dispose(), _socket))
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    acceptFailed?.Invoke(e);
                    continue;
                }

                var task = Task.Run(() => handle(client, cancellationToken), CancellationToken.None);
                _running[task] = 0;
                _ = task.ContinueWith(
                    t =>
                    {
                        _ = t.Exception; // observed: a failed connection leaves no unobserved exception behind
                        _running.TryRemove(t, out _);
                    },
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(_running.Keys)
            .ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .ConfigureAwait(false);
    }

    /// <summary>Closes the listening socket: the loop stops accepting (connections already accepted go on until their handler returns).</summary>
    public void Dispose() => _socket.Dispose();
}
