using System.Security.Cryptography;
using System.Text;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>
/// The pair's name on the witness, the same on both nodes without a setting: the first 12 hex digits of the SHA-256 of both
/// certificates' fingerprints in sorted order. Several pairs can share one witness broker.
/// </summary>
internal static class PairId
{
    public static string Of(string ownFingerprint, string peerFingerprint)
    {
        static string Normal(string f) => f.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var both = new[] { Normal(ownFingerprint), Normal(peerFingerprint) }.Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join('|', both))))[..12];
    }
}
