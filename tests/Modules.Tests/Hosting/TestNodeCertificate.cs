using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>A throwaway self-signed certificate, made on first use.</summary>
internal sealed class TestNodeCertificate : INodeCertificate
{
    private readonly Lazy<X509Certificate2> _certificate = new(Create);

    public X509Certificate2 Certificate => _certificate.Value;

    public string Pem => Certificate.ExportCertificatePem();

    public string Fingerprint => Convert.ToHexString(Certificate.GetCertHash(HashAlgorithmName.SHA256));

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=modules-tests", key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}
