using N3Host.Contracts.Storage;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Configuration;

namespace N3Host.Certificates;

/// <summary>
/// Keeps the node's certificate in <c>&lt;data&gt;/certs/node.crt</c> and its key in <c>node.key</c> (PEM, owner-only):
/// generated on first start, loaded on every later one.
/// </summary>
internal static class NodeCertificateStore
{
    public const string CertificateFile = "node.crt";
    public const string KeyFile = "node.key";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Loads the node's certificate, generating it first if the folder has none. <paramref name="created"/> says which.</summary>
    public static NodeCertificate LoadOrCreate(string dataDirectory, string nodeName, TimeProvider time, out bool created)
    {
        ArgumentNullException.ThrowIfNull(time);
        var folder = Path.Combine(dataDirectory, "certs");
        var certPath = Path.Combine(folder, CertificateFile);
        var keyPath = Path.Combine(folder, KeyFile);
        var hasCert = File.Exists(certPath);
        var hasKey = File.Exists(keyPath);
        created = false;
        if (hasCert != hasKey)
        {
            var (present, missing) = hasCert ? (certPath, keyPath) : (keyPath, certPath);
            throw new ConfigurationException(
                $"{present} exists but {missing} does not: restore it, or delete both to generate a new certificate (the other node must then trust the new one)");
        }

        if (!hasCert)
        {
            CreateFolder(folder);
            var (certPem, keyPem) = NodeCertificateGenerator.Generate(nodeName, time.GetUtcNow());
            WriteAtomically(keyPath, keyPem);
            try
            {
                WriteAtomically(certPath, certPem);
            }
            catch (ConfigurationException)
            {
                // A key without its certificate would stop the next start: the pair is written whole or not at all.
                StorageProbe.TryDelete(keyPath);
                throw;
            }

            created = true;
        }

        return Load(certPath, keyPath);
    }

    /// <summary>The fingerprint of the certificate in <c>&lt;data&gt;/certs/node.crt</c> (no key needed), or null when there is none readable.</summary>
    public static string? TryReadFingerprint(string dataDirectory)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dataDirectory, "certs", CertificateFile)));
            return NodeCertificate.FingerprintOf(certificate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return null;
        }
    }

    private static NodeCertificate Load(string certPath, string keyPath)
    {
        try
        {
            using var fromPem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            // A PKCS#12 round trip gives a key that SslStream can use on every platform (an ephemeral PEM key is refused on Windows).
            var certificate = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), password: null);
            return new NodeCertificate(certificate, File.ReadAllText(certPath));
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException($"{certPath} / {keyPath}: cannot be read as a certificate and its key: {e.Message}", e);
        }
    }

    private static void CreateFolder(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, OwnerOnlyDirectory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot create the node's certificate folder {folder}: {DiskFailure.Describe(Path.Combine(folder, KeyFile), e)}", e);
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        options.BufferSize = 0;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, OwnerOnlyFile);
            }

            File.Move(temp, path, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk at the first start: exit 1 with the reason, and no temporary file left behind.
            StorageProbe.TryDelete(temp);
            throw new ConfigurationException($"cannot write the node's certificate {path}: {DiskFailure.Describe(path, e)}; free some space (or make the folder writable) and start again", e);
        }
    }
}
