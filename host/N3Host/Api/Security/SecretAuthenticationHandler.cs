using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace N3Host.Api.Security;

/// <summary>The secret the CLI sends (<c>Authorization: Bearer &lt;api.secret&gt;</c>): whoever holds the node's secret file is its administrator.</summary>
internal sealed class SecretAuthenticationOptions : AuthenticationSchemeOptions
{
    public string Secret { get; set; } = string.Empty;
}

internal sealed class SecretAuthenticationHandler(IOptionsMonitor<SecretAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<SecretAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "secret";
    public const string UserName = "cli";
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var given = Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(Options.Secret);
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("the API secret does not match this node's (data/api.secret)"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, UserName), new Claim(ClaimTypes.Role, ApiRoles.Admin)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
