using System.Text;

namespace N3Host.Transport.Probing;

/// <summary>
/// The plain-text role query a link server answers before TLS, so a RedundancyAgent can tell the
/// active node of a pair: request <c>N3ROLE?\n</c>, answer <c>N3ROLE &lt;active|standby&gt; &lt;term&gt; &lt;node&gt;\n</c>.
/// A TLS client hello starts with 0x16, never with 'N', so the two cannot be confused.
/// </summary>
public static class RoleProbe
{
    public const string Request = "N3ROLE?\n";

    public static ReadOnlyMemory<byte> RequestBytes { get; } = Encoding.ASCII.GetBytes(Request);

    public const byte FirstByte = (byte)'N';

    public const int MaxAnswerBytes = 512;

    public static string Answer(bool active, long term, string node) =>
        $"N3ROLE {(active ? "active" : "standby")} {term} {node}\n";

    /// <summary>Parses an answer; false if it is not one.</summary>
    public static bool TryParse(string answer, out bool active, out long term, out string node)
    {
        active = false;
        term = 0;
        node = string.Empty;
        var parts = answer.TrimEnd('\n', '\r').Split(' ', 4);
        if (parts.Length != 4 || parts[0] != "N3ROLE" || !long.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out term))
        {
            return false;
        }

        if (parts[1] is not ("active" or "standby"))
        {
            return false;
        }

        active = parts[1] == "active";
        node = parts[3];
        return true;
    }
}
