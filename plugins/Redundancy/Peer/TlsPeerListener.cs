using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Transport.Listening;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>The primary's listener: accepts the backup's TCP connections (the shared <see cref="AcceptLoop"/>), authenticates them with TLS, and hands them to the role state machine.</summary>
internal sealed class TlsPeerListener(IPEndPoint endPoint, TlsHandshake handshake, IPeerLinkHandler handler, ILogger logger) : IAsyncDisposable
{
    private AcceptLoop? _loop;

    public IPEndPoint LocalEndPoint => _loop!.LocalEndPoint;

    /// <summary>Binds the port now, so a port in use fails the start with a clear message.</summary>
    public void Bind(string setting)
    {
        try
        {
            _loop = AcceptLoop.Listen(endPoint, backlog: 16);
        }
        catch (SocketException e)
        {
            throw new RedundancySettingsException($"{setting}: cannot listen on {endPoint}: {e.Message} (is another program or node using the port?)", e);
        }

        Log.Listening(logger, LocalEndPoint);
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var loop = _loop ?? throw new InvalidOperationException("Bind first.");
        return loop.RunAsync(HandleAsync, e => Log.AcceptFailed(logger, e), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _loop?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task HandleAsync(Socket client, CancellationToken cancellationToken)
    {
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
