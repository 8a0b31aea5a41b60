using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Plugins.Links;

/// <summary>TLS settings for both ends: TLS 1.2 or 1.3, mutual authentication, the peer pinned by its certificate.</summary>
internal static class LinkTls
{
    public const string TargetHost = "n3host-link";

    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    public static SslServerAuthenticationOptions Server(X509Certificate2 own, CertificatePins trusted, Action<string> untrusted) => new()
    {
        ServerCertificateContext = SslStreamCertificateContext.Create(own, additionalCertificates: null, offline: true),
        ClientCertificateRequired = true,
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => Check(certificate, trusted, untrusted),
    };

    public static SslClientAuthenticationOptions Client(X509Certificate2 own, CertificatePins pinned, Action<string> untrusted) => new()
    {
        TargetHost = TargetHost,
        ClientCertificateContext = SslStreamCertificateContext.Create(own, additionalCertificates: null, offline: true),
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => Check(certificate, pinned, untrusted),
    };

    private static bool Check(X509Certificate? certificate, CertificatePins pins, Action<string> untrusted)
    {
        if (pins.Contains(certificate))
        {
            return true;
        }

        untrusted(certificate is null ? "no certificate" : CertificatePins.Fingerprint(certificate));
        return false;
    }
}
