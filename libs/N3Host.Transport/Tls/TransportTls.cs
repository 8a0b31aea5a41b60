using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Transport.Tls;

/// <summary>
/// The TLS settings of every node-to-node connection: TLS 1.3, or TLS 1.2 with AEAD suites only (no CBC suites:
/// both ends are N3Host), mutual authentication against pinned certificates, no revocation lookups.
/// </summary>
public static class TransportTls
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The suites offered and accepted: the TLS 1.3 suites, and the TLS 1.2 ECDHE suites with AES-GCM or ChaCha20-Poly1305.</summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites { get; } =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>
    /// The suite policy, where the platform lets a program set one (Linux, macOS through OpenSSL).
    /// On Windows, SChannel's own list applies; Windows offers no CBC suite ahead of an AEAD one, and TLS 1.3 is preferred.
    /// </summary>
    private static CipherSuitesPolicy? Policy { get; } = OperatingSystem.IsWindows() ? null : new CipherSuitesPolicy(CipherSuites);

    public static SslServerAuthenticationOptions Server(X509Certificate2 own, PinnedCertificateCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new()
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(own, additionalCertificates: null, offline: true),
            ClientCertificateRequired = true,
            EnabledSslProtocols = Protocols,
            CipherSuitesPolicy = Policy,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = check.Validate,
        };
    }

    /// <param name="targetHost">The SNI name sent: the kind of connection (the peer is pinned, not named).</param>
    public static SslClientAuthenticationOptions Client(X509Certificate2 own, string targetHost, PinnedCertificateCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new()
        {
            TargetHost = targetHost,
            ClientCertificateContext = SslStreamCertificateContext.Create(own, additionalCertificates: null, offline: true),
            EnabledSslProtocols = Protocols,
            CipherSuitesPolicy = Policy,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = check.Validate,
        };
    }
}
