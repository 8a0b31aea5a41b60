using System.Security.Cryptography.X509Certificates;
using N3Host.Certificates;
using N3Host.Contracts;

namespace N3Host.Testing.Harness;

/// <summary>A node certificate made by the host's own generator (ECDSA P-256, self-signed, CN=n3host-&lt;node&gt;), in memory, never checked in.</summary>
public sealed class HostCertificate : INodeCertificate, IDisposable
{
    private readonly NodeCertificate _certificate;

    private HostCertificate(NodeCertificate certificate) => _certificate = certificate;

    public X509Certificate2 Certificate => _certificate.Certificate;

    public string Pem => _certificate.Pem;

    /// <summary>The fingerprint as the host shows it (<c>n3host cert show</c>).</summary>
    public string Fingerprint => _certificate.Fingerprint;

    public static HostCertificate Create(string node)
    {
        var (certificatePem, keyPem) = NodeCertificateGenerator.Generate(node, DateTimeOffset.UtcNow);
        using var fromPem = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        var certificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
        return new HostCertificate(new NodeCertificate(certificate, certificatePem));
    }

    public void Dispose() => _certificate.Dispose();
}
