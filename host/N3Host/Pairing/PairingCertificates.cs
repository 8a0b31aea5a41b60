using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Pairing;

/// <summary>Reads a certificate received in a pairing (PEM, one certificate, no key).</summary>
internal static class PairingCertificates
{
    public static X509Certificate2 Parse(string pem, string who)
    {
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new PairingRefusedException($"{who} sent a private key instead of its certificate alone");
        }

        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new PairingRefusedException($"{who} sent a certificate that is not a valid PEM certificate ({e.Message})", e);
        }
    }

    /// <summary>The certificate's SHA-256 fingerprint, as status and <c>n3host cert show</c> print it.</summary>
    public static string Fingerprint(string pem, string who)
    {
        using var certificate = Parse(pem, who);
        return Certificates.NodeCertificate.FingerprintOf(certificate);
    }
}
