using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Certificates;
using N3Host.Configuration;
using Xunit;

namespace N3Host.Tests.Certificates;

public sealed class NodeCertificateStoreTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "n3host-cert-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void FirstStart_GeneratesAnEcdsaP256Certificate_ForTwentyYears_WithItsKey()
    {
        using var certificate = NodeCertificateStore.LoadOrCreate(_data, "node7", TimeProvider.System, out var created);

        Assert.True(created);
        var x509 = certificate.Certificate;
        Assert.Equal("CN=n3host-node7", x509.Subject);
        Assert.True(x509.HasPrivateKey);
        using var key = x509.GetECDsaPrivateKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.InRange((x509.NotAfter - DateTime.Now).TotalDays, 365 * 20 - 2, 365 * 20 + 6);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", certificate.Pem);
        Assert.DoesNotContain("PRIVATE KEY", certificate.Pem);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(x509.RawData)), certificate.Fingerprint.Replace(":", "", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyFile_IsOwnerOnly()
    {
        using var certificate = NodeCertificateStore.LoadOrCreate(_data, "node7", TimeProvider.System, out _);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, "certs", "node.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, "certs", "node.crt")));
        }
    }

    [Fact]
    public void LaterStarts_LoadTheSameCertificate()
    {
        string fingerprint;
        using (var first = NodeCertificateStore.LoadOrCreate(_data, "node7", TimeProvider.System, out _))
        {
            fingerprint = first.Fingerprint;
        }

        using var second = NodeCertificateStore.LoadOrCreate(_data, "node7", TimeProvider.System, out var created);

        Assert.False(created);
        Assert.Equal(fingerprint, second.Fingerprint);
        Assert.True(second.Certificate.HasPrivateKey);
    }

    [Fact]
    public void KeyWithoutCertificate_IsAnError_NotAnOverwrite()
    {
        using (NodeCertificateStore.LoadOrCreate(_data, "node7", TimeProvider.System, out _))
        {
        }

        File.Delete(Path.Combine(_data, "certs", "node.crt"));

        var error = Assert.Throws<ConfigurationException>(() => NodeCertificateStore.LoadOrCreate(_data, "node7", TimeProvider.System, out _));
        Assert.Contains("node.key exists but", error.Message);
        Assert.Contains("node.crt does not", error.Message);
        Assert.True(File.Exists(Path.Combine(_data, "certs", "node.key")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
