using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Integration;

/// <summary>
/// The peer port offers TLS 1.3 and TLS 1.2 AEAD suites only: a real OpenSSL client holding the backup's own
/// certificate and key, so that only the suite can be the reason, is refused with CBC suites and let through with GCM.
/// </summary>
public sealed class CipherSuiteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("n3host-suites-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA")]
    [InlineData("ECDHE-ECDSA-AES128-SHA256")]
    public async Task Tls12WithCbcSuitesOnly_IsRefused_EvenWithThePinnedCertificate(string cbcSuites)
    {
        await using var pair = new TlsPair();
        await pair.Primary.StartAsync();

        var output = await OpensslAsync(pair, $"-tls1_2 -cipher {cbcSuites}");

        Assert.DoesNotContain("New, TLSv1.2, Cipher is ECDHE", output);
        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection is not null, "the refusal is in status", diagnostics: pair.Dump);
        Assert.Contains("TLS handshake failed", pair.Primary.Status.LastRefusedConnection!.Reason);
        Assert.Empty(pair.Primary.Context.Faults);
    }

    [Theory]
    [InlineData("-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256")]
    [InlineData("-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-ECDSA-CHACHA20-POLY1305")]
    [InlineData("-tls1_3", "TLS_AES_256_GCM_SHA384")]
    public async Task AeadSuites_AreAccepted(string arguments, string negotiated)
    {
        await using var pair = new TlsPair();
        await pair.Primary.StartAsync();

        var output = await OpensslAsync(pair, arguments);

        Assert.Contains($"Cipher is {negotiated}", output);
    }

    private async Task<string> OpensslAsync(TlsPair pair, string arguments)
    {
        var certificate = Path.Combine(_folder, "backup.pem");
        var key = Path.Combine(_folder, "backup.key");
        await File.WriteAllTextAsync(certificate, pair.BackupCertificate.Pem);
        using (var ecdsa = pair.BackupCertificate.Certificate.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        using var openssl = Process.Start(new ProcessStartInfo("openssl",
            $"s_client -connect 127.0.0.1:{pair.Port} -cert {certificate} -key {key} {arguments}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        openssl.StandardInput.Close();
        var stdout = openssl.StandardOutput.ReadToEndAsync();
        var stderr = openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return await stdout + await stderr;
    }
}
