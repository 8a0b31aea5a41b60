using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>The TLS settings both ends use: TLS 1.2 or 1.3, mutual authentication, no revocation lookups (the peer is pinned).</summary>
internal static class TlsSettings
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static SslServerAuthenticationOptions Server(X509Certificate2 own, CertificateCheck check) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(own, additionalCertificates: null, offline: true),
        ClientCertificateRequired = true,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = check.Validate,
    };

    public static SslClientAuthenticationOptions Client(X509Certificate2 own, CertificateCheck check) => new()
    {
        TargetHost = "n3host-peer",
        ClientCertificateContext = SslStreamCertificateContext.Create(own, additionalCertificates: null, offline: true),
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = check.Validate,
    };
}
