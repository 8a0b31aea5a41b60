using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Plugins.Redundancy.Certificates;

/// <summary>The one certificate the peer may present: compared by the SHA-256 of its DER bytes.</summary>
internal sealed class CertificatePin(X509Certificate2 expected)
{
    private readonly byte[] _expectedHash = SHA256.HashData(expected.RawData);

    public X509Certificate2 Expected { get; } = expected;

    public string Fingerprint { get; } = FingerprintOf(expected);

    public bool Matches(X509Certificate? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented.GetRawCertData()), _expectedHash);

    /// <summary>SHA-256 fingerprint, upper-case hex with colons (as <c>n3host cert show</c> prints it).</summary>
    public static string FingerprintOf(X509Certificate certificate) =>
        string.Join(':', SHA256.HashData(certificate.GetRawCertData()).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
}
