using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace N3Host.Transport.Tls;

/// <summary>The certificates a peer may present, compared by the SHA-256 of their DER bytes in constant time.</summary>
public sealed class CertificatePins
{
    private readonly byte[][] _hashes;

    public CertificatePins(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        _hashes = [.. certificates.Select(CertificateFingerprint.Hash)];
        Fingerprints = [.. _hashes.Select(h => CertificateFingerprint.Format(h)).Distinct(StringComparer.Ordinal)];
    }

    public int Count => Fingerprints.Count;

    /// <summary>The pinned fingerprints, in the format <c>n3host cert show</c> prints.</summary>
    public IReadOnlyList<string> Fingerprints { get; }

    /// <summary>Whether the presented certificate is one of the pinned ones. Every pin is compared, in constant time each.</summary>
    public bool Contains(X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        var hash = CertificateFingerprint.Hash(presented);
        var found = false;
        foreach (var pinned in _hashes)
        {
            found |= CryptographicOperations.FixedTimeEquals(hash, pinned);
        }

        return found;
    }

    /// <summary>
    /// Loads each entry: inline PEM (one or more certificates), or the path of a PEM file
    /// (relative paths are taken from <paramref name="baseDirectory"/>). <paramref name="error"/> makes the exception for a bad entry.
    /// </summary>
    public static CertificatePins Load(IReadOnlyList<string> entries, string baseDirectory, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(error);
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
