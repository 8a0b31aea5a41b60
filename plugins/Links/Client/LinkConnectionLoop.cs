using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Transport.Framing;

namespace N3Host.Plugins.Links;

/// <summary>
/// The connection loop of a link client: one <see cref="LinkClientSession"/> after another to the link server (directly or
/// through a RedundancyAgent), the wait between attempts, and the connection's state for the instance's status.
/// Started once the disk buffer is open; runs until the client stops.
/// </summary>
internal sealed class LinkConnectionLoop(LinkClient client, LinkClientOptions options, IModuleContext context, DiskBuffer buffer, ILogger logger)
{
    private readonly Lock _gate = new();
    private bool _connected;
    private string? _peer;
    private DateTimeOffset? _since;
    private string? _lastError;
    private long _connects;

    public string Endpoint => $"{options.Host}:{options.Port}";

    /// <summary>The connection's state, read under the loop's lock.</summary>
    public LinkConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return new LinkConnectionState(_connected, _peer, _since, _lastError, _connects);
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var session = new LinkClientSession(client, options, buffer, context.Time, logger);
        string? lastReason = null;
        var quickDrops = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wasUp = false;
            var upSince = context.Time.GetTimestamp();
            try
            {
                await session.RunAsync(context.Certificate.Certificate, context.Node.Name, context.InstanceName, peer =>
                {
                    wasUp = true;
                    upSince = context.Time.GetTimestamp();
                    lastReason = null;
                    lock (_gate)
                    {
                        _connected = true;
                        _peer = peer;
                        _since = context.Time.GetUtcNow();
                        _lastError = null;
                        _connects++;
                    }
                }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or TimeoutException or LinkProtocolException or FrameProtocolException or LinkRefusedException or ObjectDisposedException or OperationCanceledException)
            {
                var reason = Describe(ex);
                if (wasUp || reason != lastReason)
                {
                    if (ex is LinkRefusedException)
                    {
                        logger.RefusedByServer(Endpoint, reason);
                    }
                    else
                    {
                        logger.LinkDown(Endpoint, reason);
                    }
                }

                lastReason = reason;
                lock (_gate)
                {
                    _connected = false;
                    _since = context.Time.GetUtcNow();
                    _lastError = reason;
                }
            }

            // After a link that was up drops (a failover, a restart of the server) reconnect at once; after
            // a failed attempt, or a second link in a row that dropped within reconnectDelay, wait reconnectDelay,
            // so a server that keeps failing is not hammered.
            quickDrops = !wasUp ? 0 : context.Time.GetElapsedTime(upSince) < options.ReconnectDelay ? quickDrops + 1 : 0;
            var immediately = wasUp && quickDrops <= 1;
            if (!immediately && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(options.ReconnectDelay, context.Time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        lock (_gate)
        {
            _connected = false;
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        AuthenticationException => $"TLS handshake failed: {ex.Message} (is the server's certificate in 'serverCertificates', and this node's in its 'trustedCertificates'?)",
        SocketException socket => $"{socket.SocketErrorCode}: {socket.Message}",
        OperationCanceledException => "the connection was closed",
        _ => ex.Message,
    };
}
