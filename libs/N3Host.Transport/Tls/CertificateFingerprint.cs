using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Transport.Tls;

/// <summary>The one fingerprint format of N3Host: SHA-256 of the DER certificate, upper-case hex with colons (as <c>n3host cert show</c> prints it).</summary>
public static class CertificateFingerprint
{
    /// <summary>The SHA-256 of the DER bytes.</summary>
    public static byte[] Hash(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.GetRawCertData());
    }

    /// <summary>The fingerprint as text: <c>AB:CD:...</c>, 95 characters.</summary>
    public static string Of(X509Certificate certificate) => Format(Hash(certificate));

    /// <summary>A hash as text in the same format.</summary>
    public static string Format(ReadOnlySpan<byte> hash) =>
        string.Join(':', Convert.ToHexString(hash).Chunk(2).Select(pair => new string(pair)));
}
