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
    public async Task<(IPeerChannel? Channel, string? Refusal)> RunAsync(Socket socket, bool asServer, string? address, CancellationToken cancellationToken)
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
            await ssl.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var reason = check.Failure
                ?? (deadline.IsCancellationRequested
                    ? $"no TLS handshake within {timeout.TotalMilliseconds:0} ms (not a N3Host peer, or not TLS)"
                    : $"TLS handshake failed ({e.GetBaseException().Message}); a peer must speak TLS 1.2+ and present the certificate set as remoteCertificate");
            return (null, reason);
        }

        Log.TlsEstablished(logger, address, ssl.SslProtocol, ssl.NegotiatedCipherSuite);
        var security = $"{ssl.SslProtocol}, {ssl.NegotiatedCipherSuite}";
        return (new StreamPeerChannel(ssl, address, check.PresentedFingerprint ?? CertificateFingerprint.Of(ssl.RemoteCertificate!), security), null);
    }
}
