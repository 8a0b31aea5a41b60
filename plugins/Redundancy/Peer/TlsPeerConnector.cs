using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>The backup's side: connects to the primary, authenticates with TLS, runs the link, and reconnects after <c>connection.reconnectDelay</c>.</summary>
internal sealed class TlsPeerConnector(string host, int port, TimeSpan connectTimeout, TimeSpan reconnectDelay, TlsHandshake handshake, IPeerLinkHandler handler, TimeProvider time, ILogger logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(reconnectDelay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A failed connection never takes the module (and the role) down: it is logged and retried.
                Log.LinkFailed(logger, $"{host}:{port}", e);
                try
                {
                    await Task.Delay(reconnectDelay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var deadline = new CancellationTokenSource(connectTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                await socket.ConnectAsync(host, port, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                Log.ConnectFailed(logger, host, port, e is OperationCanceledException ? $"no answer within {connectTimeout.TotalMilliseconds:0} ms" : e.Message);
                return;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        var address = $"{host}:{port}";
        var (channel, refusal) = await handshake.RunAsync(socket, asServer: false, address, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            handler.RecordRefused(address, refusal!);
            return;
        }

        var reason = await handler.RunLinkAsync(channel, cancellationToken).ConfigureAwait(false);
        Log.LinkClosed(logger, address, reason);
    }
}
