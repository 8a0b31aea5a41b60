using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace N3Host.Api.Security;

/// <summary>
/// HTTP Basic credentials of a console user (<c>n3host user add</c>), for <c>GET /metrics</c> only: a scraper such as Prometheus
/// cannot log in and keep a cookie, but sends a user name and a password file with every scrape. The same users, roles, password
/// check and lockout as the console's login; a refusal is written to the audit log, a scrape is not.
/// </summary>
internal sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SecurityState state)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "basic";
    public const string Prefix = "Basic ";

    /// <summary>The one path that takes Basic credentials (<see cref="Monitoring.MetricsEndpoint"/>).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Where a refusal's reason waits for the 401 answer (the authentication middleware keeps only successes).</summary>
    public const string RefusalItem = "n3host.basic-refusal";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!Request.Path.Equals(MetricsPath, StringComparison.Ordinal))
        {
            return Task.FromResult(Refuse("-", $"HTTP Basic credentials are taken for GET {MetricsPath} only: log in to the console, or send the node's secret"));
        }

        if (Decode(header[Prefix.Length..].Trim()) is not var (name, password))
        {
            return Task.FromResult(Refuse("-", "the Basic credentials are not base64 of user:password"));
        }

        if (state.Lockout.LockedUntil(name) is { } locked)
        {
            return Task.FromResult(Refuse(name, LoginEndpoints.LockedMessage(name, locked)));
        }

        ApiUser? user;
        try
        {
            user = state.Users.Verify(name, password);
        }
        catch (IOException e)
        {
            return Task.FromResult(Refuse(name, $"the users file cannot be read: {e.Message}"));
        }

        if (user is null)
        {
            var until = state.Lockout.Failed(name);
            return Task.FromResult(Refuse(name, until is { } now
                ? LoginEndpoints.LockedMessage(name, now)
                : $"wrong user name or password ({state.Lockout.Remaining(name)} more tries before '{name}' is locked)"));
        }

        state.Lockout.Succeeded(name);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private AuthenticateResult Refuse(string name, string reason)
    {
        state.Audit.Write(new AuditEntry(state.Time.GetUtcNow(), name, "-", ApiSecurity.RemoteOf(Context), $"{Request.Method} {Request.Path} (Basic)", 401, reason));
        Context.Items[RefusalItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    private static (string Name, string Password)? Decode(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? (text[..colon].Trim(), text[(colon + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
