using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Transport.Tls;

/// <summary>
/// Validates the certificate one connection's peer presents against the pins, and keeps what it saw and why it refused.
/// One per connection attempt. The CA chain is not consulted: N3Host nodes pin each other's self-signed certificates.
/// </summary>
/// <param name="pins">The certificates the peer may present.</param>
/// <param name="setting">The setting the pins come from, named in the refusal (for example <c>remoteCertificate</c>).</param>
/// <param name="refused">Told the presented fingerprint (or "no certificate") when a certificate is refused, for the log.</param>
public sealed class PinnedCertificateCheck(CertificatePins pins, string setting, Action<string>? refused = null)
{
    /// <summary>Why the certificate was refused, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>The fingerprint of the certificate the peer presented, or null before the handshake reached it.</summary>
    public string? PresentedFingerprint { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Failure = "the peer presented no certificate";
            refused?.Invoke("no certificate");
            return false;
        }

        PresentedFingerprint = CertificateFingerprint.Of(certificate);
        if (pins.Contains(certificate))
        {
            return true;
        }

        Failure = $"the peer's certificate {PresentedFingerprint} is not the configured {setting} {string.Join(", ", pins.Fingerprints)}";
        refused?.Invoke(PresentedFingerprint);
        return false;
    }
}
