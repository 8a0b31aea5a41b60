using System.Security.Cryptography;

namespace N3Host.Api.Security;

/// <summary>
/// One-time console links (<c>n3host console</c>): a random token, good for one login within two minutes, that the page reads from its URL's
/// fragment (never sent to a server, never in a log) and trades for a session cookie.
/// </summary>
internal sealed class ConsoleTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Issue()
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var old in _tokens.Where(t => t.Value <= now).Select(t => t.Key).ToList())
            {
                _tokens.Remove(old);
            }

            _tokens[token] = now + Lifetime;
        }

        return token;
    }

    /// <summary>True once for a token issued here less than <see cref="Lifetime"/> ago.</summary>
    public bool Redeem(string token)
    {
        lock (_gate)
        {
            return _tokens.Remove(token, out var expires) && expires > time.GetUtcNow();
        }
    }
}
