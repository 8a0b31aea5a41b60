using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Plugins.Redundancy.Options;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>The primary's listener: accepts the backup's TCP connections, authenticates them with TLS, and hands them to the role state machine.</summary>
internal sealed class TlsPeerListener(IPEndPoint endPoint, TlsHandshake handshake, IPeerLinkHandler handler, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Task> _connections = [];
    private Socket? _socket;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket!.LocalEndPoint!;

    /// <summary>Binds the port now, so a port in use fails the start with a clear message.</summary>
    public void Bind(string setting)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endPoint);
            socket.Listen(16);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RedundancySettingsException($"{setting}: cannot listen on {endPoint}: {e.Message} (is another program or node using the port?)", e);
        }

        _socket = socket;
        Log.Listening(logger, LocalEndPoint);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("Bind first.");
        using var registration = cancellationToken.Register(static s => ((Socket)s!).Dispose(), socket);
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
            catch (SocketException e)
            {
                Log.AcceptFailed(logger, e);
                continue;
            }

            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(HandleAsync(client, cancellationToken));
            }
        }

        Task[] pending;
        lock (_lock)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var address = client.RemoteEndPoint?.ToString() ?? "unknown";
        try
        {
            var (channel, refusal) = await handshake.RunAsync(client, asServer: true, address, cancellationToken).ConfigureAwait(false);
            if (channel is null)
            {
                handler.RecordRefused(address, refusal!);
                return;
            }

            var reason = await handler.RunLinkAsync(channel, cancellationToken).ConfigureAwait(false);
            Log.LinkClosed(logger, address, reason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // One bad connection never takes the listener (and the role) down.
            Log.LinkFailed(logger, address, e);
            handler.RecordRefused(address, new PeerRefusal("connection failed: " + e.Message));
        }
    }
}
