using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Plugins.Links;

/// <summary>A set of pinned certificates, compared by the SHA-256 of their DER encoding.</summary>
internal sealed class CertificatePins
{
    private readonly HashSet<string> _fingerprints;

    public CertificatePins(IEnumerable<X509Certificate2> certificates)
    {
        _fingerprints = certificates.Select(Fingerprint).ToHashSet(StringComparer.Ordinal);
    }

    public int Count => _fingerprints.Count;

    public IReadOnlyCollection<string> Fingerprints => _fingerprints;

    public bool Contains(X509Certificate? certificate) =>
        certificate is not null && _fingerprints.Contains(Fingerprint(certificate));

    /// <summary>Upper-case hex with colons, the same form as <c>n3host cert show</c>.</summary>
    public static string Fingerprint(X509Certificate certificate)
    {
        var hash = SHA256.HashData(certificate.GetRawCertData());
        return BitConverter.ToString(hash).Replace('-', ':');
    }

    /// <summary>
    /// Loads each entry: inline PEM (one or more certificates), or the path of a PEM file
    /// (relative paths are taken from <paramref name="baseDirectory"/>).
    /// </summary>
    public static CertificatePins Load(IReadOnlyList<string> entries, string baseDirectory, Func<string, Exception> error)
    {
        var certificates = new List<X509Certificate2>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i].Trim();
            string pem;
            if (entry.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                pem = entry;
            }
            else
            {
                var path = Path.IsPathRooted(entry) ? entry : Path.Combine(baseDirectory, entry);
                if (!File.Exists(path))
                {
                    throw error($"[{i}] is neither a PEM certificate nor an existing file ('{path}' not found)");
                }

                pem = File.ReadAllText(path);
            }

            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPem(pem);
            }
            catch (CryptographicException ex)
            {
                throw error($"[{i}] is not a valid PEM certificate ({ex.Message})");
            }

            if (collection.Count == 0)
            {
                throw error($"[{i}] holds no certificate");
            }

            certificates.AddRange(collection);
        }

        return new CertificatePins(certificates);
    }
}
