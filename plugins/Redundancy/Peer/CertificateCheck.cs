using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using N3Host.Plugins.Redundancy.Certificates;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>Validates the certificate the peer presents against the pinned remote certificate, and keeps why it failed.</summary>
internal sealed class CertificateCheck(CertificatePin pin)
{
    public string? Failure { get; private set; }

    public string? PresentedFingerprint { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Failure = "the peer presented no certificate";
            return false;
        }

        PresentedFingerprint = CertificatePin.FingerprintOf(certificate);
        if (pin.Matches(certificate))
        {
            return true;
        }

        Failure = $"the peer's certificate {PresentedFingerprint} is not the configured remoteCertificate {pin.Fingerprint}";
        return false;
    }
}
