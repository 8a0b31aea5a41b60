using System.Security.Cryptography;
using System.Text;

namespace N3Host.Pairing;

/// <summary>
/// A one-time pairing code: 12 characters from a CSPRNG in three groups of four (<c>7KQ2-M9XD-4HVR</c>), 60 bits. The alphabet is
/// Crockford's base32 (digits and capitals without I, L, O and U), so what is read aloud or typed is hard to get wrong; typed
/// lower case, with spaces, or with O for 0 and I or L for 1, it still reads as the same code.
/// </summary>
internal sealed record PairingCode
{
    /// <summary>The characters a code is made of.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Characters in a code, without the dashes.</summary>
    public const int Length = 12;

    /// <summary>How a bad code is described to a user.</summary>
    public const string Rule = "12 characters from 0-9 and A-Z, as n3host pair printed it on the primary (for example 7KQ2-M9XD-4HVR)";

    private PairingCode(string characters) => Characters = characters;

    /// <summary>The 12 characters, without dashes: the secret the key exchange runs on.</summary>
    public string Characters { get; }

    /// <summary>A new code from the operating system's CSPRNG.</summary>
    public static PairingCode New() => new(RandomNumberGenerator.GetString(Alphabet, Length));

    /// <summary>Reads a code as a user typed it; null when it is not one (see <see cref="Rule"/>).</summary>
    public static PairingCode? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var characters = new StringBuilder(Length);
        foreach (var c in text.ToUpperInvariant())
        {
            var read = c switch
            {
                '-' or ' ' => (char?)null,
                'O' => '0',
                'I' or 'L' => '1',
                _ when Alphabet.Contains(c, StringComparison.Ordinal) => c,
                _ => '?',
            };
            if (read == '?')
            {
                return null;
            }

            if (read is { } kept)
            {
                characters.Append(kept);
            }
        }

        return characters.Length == Length ? new PairingCode(characters.ToString()) : null;
    }

    /// <summary>The code as shown: three groups of four.</summary>
    public override string ToString() => $"{Characters[..4]}-{Characters[4..8]}-{Characters[8..]}";
}
