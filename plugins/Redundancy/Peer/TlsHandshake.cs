using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// Socket → NetworkStream → SslStream, either side: mutual authentication against the pinned peer certificate,
/// a deadline on the handshake, the stream disposed when it fails. Nothing of the protocol is read before it succeeds.
/// </summary>
internal sealed class TlsHandshake(X509Certificate2 own, CertificatePins pin, TimeSpan timeout, TimeProvider time, ILogger logger)
{
    /// <summary>The authenticated channel, or null with the reason the connection was refused.</summary>
    public async Task<(IPeerChannel? Channel, PeerRefusal? Refusal)> RunAsync(Socket socket, bool asServer, string? address, CancellationToken cancellationToken)
    {
        address ??= socket.RemoteEndPoint?.ToString() ?? "unknown";
        socket.NoDelay = true;
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        var check = new PinnedCertificateCheck(pin, "remoteCertificate");
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            if (asServer)
            {
                await ssl.AuthenticateAsServerAsync(TransportTls.Server(own, check), linked.Token).ConfigureAwait(false);
            }
            else
            {
                await ssl.AuthenticateAsClientAsync(TransportTls.Client(own, "n3host-peer", check), linked.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException or SocketException)
        {
            var closedByPeer = e is IOException && check.Failure is null && !deadline.IsCancellationRequested && ClosedByPeer(socket);
            await ssl.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var refusal = check.Failure is { } failure
                ? new PeerRefusal(failure)
                : deadline.IsCancellationRequested
                    ? new PeerRefusal($"no TLS handshake within {timeout.TotalMilliseconds:0} ms (connection.handshakeTimeout): a node that is busy or still starting, or not a N3Host peer", LogLevel.Warning)
                    : closedByPeer
                        ? new PeerRefusal("the other side closed the connection before the TLS handshake finished (a node that is starting or stopping does this)", LogLevel.Information)
                        : new PeerRefusal($"TLS handshake failed ({e.GetBaseException().Message}); a peer must speak TLS 1.2+ and present the certificate set as remoteCertificate");
            return (null, refusal);
        }

        Log.TlsEstablished(logger, address, ssl.SslProtocol, ssl.NegotiatedCipherSuite);
        var security = $"{ssl.SslProtocol}, {ssl.NegotiatedCipherSuite}";
        return (new StreamPeerChannel(ssl, address, check.PresentedFingerprint ?? CertificateFingerprint.Of(ssl.RemoteCertificate!), security), null);
    }

    /// <summary>Whether the other side closed (an orderly FIN, or a reset) rather than sending something that is not TLS.</summary>
    private static bool ClosedByPeer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }
}
