using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Contracts;

namespace Links.Tests.Hosting;

/// <summary>A node certificate generated for the test (never checked in), like the host's: self-signed, ECDSA P-256.</summary>
public sealed class TestCertificate : INodeCertificate
{
    public TestCertificate(string node)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={node}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        Pem = Certificate.ExportCertificatePem();
        Fingerprint = Convert.ToHexString(SHA256.HashData(Certificate.RawData)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);
    }

    public X509Certificate2 Certificate { get; }

    public string Pem { get; }

    public string Fingerprint { get; }
}
