using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// The backup's side: connects to the primary, authenticates with TLS, runs the link, and reconnects after <c>connection.reconnectDelay</c>.
/// Each step of an attempt is told to the handler, so that a slow step (a TLS handshake on a busy machine) is never taken for a dead primary:
/// TCP connect is bounded by <c>connectionTimeout</c>, TLS and hello by <c>handshakeTimeout</c>.
/// </summary>
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
        var address = $"{host}:{port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        handler.AttemptStep(address, "TCP connect");
        var started = time.GetTimestamp();
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
                var why = e is OperationCanceledException ? $"no answer within {connectTimeout.TotalMilliseconds:0} ms" : e.Message;
                Log.ConnectFailed(logger, host, port, why);
                handler.AttemptFailed(address, why);
                return;
            }
            catch
            {
                socket.Dispose();
                handler.AttemptFailed(address, "the connection attempt failed");
                throw;
            }
        }

        handler.AttemptStep(address, "TLS handshake");
        started = time.GetTimestamp();
        var (channel, refusal) = await handshake.RunAsync(socket, asServer: false, address, cancellationToken).ConfigureAwait(false);
        var took = time.GetElapsedTime(started);
        if (took > connectTimeout)
        {
            Log.SlowStep(logger, "TLS handshake", address, (long)took.TotalMilliseconds, (long)connectTimeout.TotalMilliseconds);
        }

        if (channel is null)
        {
            handler.RecordRefused(address, refusal!);
            handler.AttemptFailed(address, refusal!.Reason);
            return;
        }

        var reason = await handler.RunLinkAsync(channel, cancellationToken).ConfigureAwait(false);
        Log.LinkClosed(logger, address, reason);
    }
}
