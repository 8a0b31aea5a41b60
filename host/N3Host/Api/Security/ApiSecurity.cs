using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using N3Host.Configuration;

namespace N3Host.Api.Security;

/// <summary>
/// Who may reach the management API and the console, and what they may do (docs/security.md):
/// <list type="number">
/// <item>the <c>Host</c> header must name this node (loopback names, <c>node.api.hosts</c>, and when bound beyond loopback its addresses): a page
/// on another site that points a name at 127.0.0.1 (DNS rebinding) is refused;</item>
/// <item>a state change (anything but GET and HEAD) must carry <c>X-N3Host-Request</c>, which a page on another site cannot send without the
/// node's consent, and an <c>Origin</c>, when there is one, that is this node;</item>
/// <item>every request but the login and the health probes is authenticated: the CLI with the node's secret file, a browser with the session cookie of a login,
/// a scraper of <c>/metrics</c> with a user's Basic credentials;</item>
/// <item>the role decides: viewer reads, operator also runs the pair, admin also changes the node;</item>
/// <item>every state change, login and refusal is written to the audit log.</item>
/// </list>
/// </summary>
internal static class ApiSecurity
{
    public const string CookieName = "n3host_session";

    /// <summary>The header every state change carries (the console and the CLI send it; a cross-site form cannot).</summary>
    public const string RequestHeader = "X-N3Host-Request";

    private const string CombinedScheme = "n3host";

    /// <summary>Set by an endpoint that wrote its own audit line (the login names the user it tried).</summary>
    public const string AuditedItem = "n3host.audited";

    public static void AddServices(IServiceCollection services, NodeSettings node, string secret, TimeProvider time)
    {
        services.AddSingleton(provider => new SecurityState(
            node, new AuditLog(node.DataDirectory, provider.GetRequiredService<ILoggerFactory>().CreateLogger("N3Host.Audit")), time));

        // The session cookies' keys: <data>/console-keys (0700, like certs/), so a login outlives a restart of the node.
        services.AddDataProtection().SetApplicationName("n3host").PersistKeysToFileSystem(KeysFolder(node.DataDirectory));
        services.AddAuthentication(CombinedScheme)
            .AddPolicyScheme(CombinedScheme, "the CLI's secret, a login's cookie, or a scraper's user", o => o.ForwardDefaultSelector = SchemeOf)
            .AddScheme<SecretAuthenticationOptions, SecretAuthenticationHandler>(SecretAuthenticationHandler.SchemeName, o => o.Secret = secret)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, _ => { })
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = node.Api.IsOpen ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.Policies.Viewer, p => p.RequireRole(ApiRoles.All))
            .AddPolicy(ApiRoles.Policies.Operator, p => p.RequireRole(ApiRoles.Operator, ApiRoles.Admin))
            .AddPolicy(ApiRoles.Policies.Admin, p => p.RequireRole(ApiRoles.Admin))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(ApiRoles.All).Build());
        services.Replace(ServiceDescriptor.Singleton<IAuthorizationMiddlewareResultHandler, JsonAuthorizationResultHandler>());
        services.AddHostFiltering(o =>
        {
            o.AllowedHosts = AllowedHosts(node.Api);
            o.AllowEmptyHosts = false;
        });
    }

    private static string SchemeOf(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return SecretAuthenticationHandler.SchemeName;
        }

        return authorization.StartsWith(BasicAuthenticationHandler.Prefix, StringComparison.OrdinalIgnoreCase)
            ? BasicAuthenticationHandler.SchemeName
            : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static DirectoryInfo KeysFolder(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "console-keys");
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(folder);
        }

        return Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>First, before anything is served: the <c>Host</c> must name the node; no answer may be framed by another site.</summary>
    public static void UseHostChecks(WebApplication app)
    {
        app.UseHostFiltering();
        app.Use((context, next) =>
        {
            // No other site may frame the console (a click on a hidden "failover" button), sniff a type, or learn the URL.
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
    }

    /// <summary>Then, before any endpoint runs: no cross-site change, who is asking, the audit of every change, what their role allows.</summary>
    public static void UseAuthentication(WebApplication app, SecurityState state)
    {
        app.Use((context, next) => RequestChecks.RefuseCrossSiteAsync(context, next, state));
        app.UseAuthentication();
        app.Use((context, next) => AuditAsync(context, next, state));
        app.UseAuthorization();
    }

    /// <summary>The names the node answers to: loopback always; beyond it, <c>node.api.hosts</c> and its own addresses and host name.</summary>
    public static IList<string> AllowedHosts(ApiSettings api)
    {
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        hosts.AddRange(api.Hosts.Select(h => IPAddress.TryParse(h, out var address) ? Format(address) : h));
        if (api.IsOpen)
        {
            if (api.Bind.Equals(IPAddress.Any) || api.Bind.Equals(IPAddress.IPv6Any))
            {
                hosts.Add(Dns.GetHostName());
                hosts.AddRange(NetworkInterface.GetAllNetworkInterfaces()
                    .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                    .Select(a => Format(a.Address)));
            }
            else
            {
                hosts.Add(Format(api.Bind));
            }
        }

        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public static string UserOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "?" : "-";

    public static string RoleOf(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value ?? "-";

    private static string Format(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{new IPAddress(address.GetAddressBytes())}]"
        : address.ToString();

    private static async Task AuditAsync(HttpContext context, RequestDelegate next, SecurityState state)
    {
        await next(context);
        if (!RequestChecks.IsStateChange(context.Request.Method) || context.Items.ContainsKey(AuditedItem))
        {
            return;
        }

        state.Audit.Write(new AuditEntry(state.Time.GetUtcNow(), UserOf(context.User), RoleOf(context.User), RemoteOf(context),
            $"{context.Request.Method} {context.Request.Path}", context.Response.StatusCode));
    }

    public static string RemoteOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "?";
}
