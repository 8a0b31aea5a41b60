using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Contracts;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A node certificate generated for the test (ECDSA P-256, self-signed), never checked in.</summary>
public sealed class TestCertificate : INodeCertificate
{
    private TestCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Pem = certificate.ExportCertificatePem();
        Fingerprint = CertificateFingerprint.Of(certificate);
    }

    public X509Certificate2 Certificate { get; }

    public string Pem { get; }

    public string Fingerprint { get; }

    public static TestCertificate Create(string node)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=n3host {node}", key, HashAlgorithmName.SHA256);
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        return new TestCertificate(X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null));
    }
}
