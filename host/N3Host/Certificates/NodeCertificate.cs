using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Contracts;

namespace N3Host.Certificates;

/// <summary>The node's certificate with its private key, its PEM and its SHA-256 fingerprint.</summary>
internal sealed class NodeCertificate : INodeCertificate, IDisposable
{
    public NodeCertificate(X509Certificate2 certificate, string pem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = certificate;
        Pem = pem;
        Fingerprint = FingerprintOf(certificate);
    }

    public X509Certificate2 Certificate { get; }

    public string Pem { get; }

    public string Fingerprint { get; }

    /// <summary>SHA-256 of the DER certificate, upper-case hex with colons.</summary>
    public static string FingerprintOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return string.Join(':', SHA256.HashData(certificate.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void Dispose() => Certificate.Dispose();
}
