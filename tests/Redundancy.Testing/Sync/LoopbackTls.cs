using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>
/// Two nodes' TLS link on 127.0.0.1: each node has its own self-signed certificate (generated here, never checked in),
/// both sides authenticate and accept only the other's pinned certificate, TLS 1.2 or 1.3.
/// </summary>
public sealed class LoopbackTls : IDisposable
{
    private readonly TcpListener _listener;

    public LoopbackTls()
    {
        ServerCertificate = Create("primary");
        ClientCertificate = Create("backup");
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
    }

    public X509Certificate2 ServerCertificate { get; }

    public X509Certificate2 ClientCertificate { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Accepts one connection and connects to it; returns (server side, client side), both authenticated.</summary>
    public async Task<(SslStream Server, SslStream Client)> ConnectAsync(CancellationToken cancellationToken)
    {
        var accept = _listener.AcceptTcpClientAsync(cancellationToken).AsTask();
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var server = await accept;
        server.NoDelay = true;

        var serverStream = new SslStream(server.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) => Pinned(cert, ClientCertificate));
        var clientStream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) => Pinned(cert, ServerCertificate));
        const SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        await Task.WhenAll(
            serverStream.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = ServerCertificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken),
            clientStream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "primary",
                ClientCertificates = [ClientCertificate],
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken));
        return (serverStream, clientStream);
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Dispose();
        ServerCertificate.Dispose();
        ClientCertificate.Dispose();
    }

    private static bool Pinned(X509Certificate? presented, X509Certificate2 expected) =>
        presented is not null && presented.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(expected.GetCertHash(HashAlgorithmName.SHA256));

    private static X509Certificate2 Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
