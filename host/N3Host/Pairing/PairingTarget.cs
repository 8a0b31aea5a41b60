using System.Globalization;

namespace N3Host.Pairing;

/// <summary>The primary's pairing address as given with <c>--with HOST[:PORT]</c> (an IPv6 address in brackets: <c>[fd00::1]:3003</c>).</summary>
/// <param name="Host">Host name or address: also what the backup's <c>connection.host</c> is set to.</param>
/// <param name="Port">The primary's <c>server.pairingPort</c> (default 3003).</param>
internal sealed record PairingTarget(string Host, int Port)
{
    public const string Rule = "HOST or HOST:PORT, the primary's address and its server.pairingPort (default 3003), e.g. 10.0.0.10 or 10.0.0.10:3003 or [fd00::10]:3003";

    /// <summary>Reads <c>--with</c>; null when it is not HOST[:PORT].</summary>
    public static PairingTarget? Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']', StringComparison.Ordinal);
            if (end < 2)
            {
                return null;
            }

            host = text[1..end];
            var rest = text[(end + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    return null;
                }

                port = rest[1..];
            }
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            (host, port) = (text[..colon], text[(colon + 1)..]);
        }
        else
        {
            host = text;
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            return null;
        }

        if (port is null)
        {
            return new PairingTarget(host, PairingSettings.DefaultPairingPort);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? new PairingTarget(host, number)
            : null;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
