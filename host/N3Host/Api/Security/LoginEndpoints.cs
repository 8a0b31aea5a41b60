using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace N3Host.Api.Security;

/// <summary>The login (a user's password, or a one-time console link), the logout, who is logged in, and console links for the CLI.</summary>
internal static class LoginEndpoints
{
    public static void Map(WebApplication app, SecurityState state, string nodeName)
    {
        app.MapPost("/api/login", (Delegate)((HttpContext context) => LoginAsync(context, state))).AllowAnonymous();
        app.MapPost("/api/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Json(new { loggedOut = true }, JsonDefaults.Options);
        }).AllowAnonymous();
        app.MapGet("/api/me", (HttpContext context) =>
            Results.Json(new { user = ApiSecurity.UserOf(context.User), role = ApiSecurity.RoleOf(context.User), node = nodeName }, JsonDefaults.Options));
        app.MapPost("/api/console-link", (HttpContext context) =>
        {
            var token = state.Tokens.Issue();
            var url = $"{context.Request.Scheme}://{context.Request.Host}/#token={token}";
            return Results.Json(new { url, validSeconds = (int)ConsoleTokens.Lifetime.TotalSeconds }, JsonDefaults.Options);
        }).RequireAuthorization(ApiRoles.Policies.Admin);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, SecurityState state)
    {
        context.Items[ApiSecurity.AuditedItem] = true;
        LoginRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<LoginRequest>(context.Request.Body, JsonDefaults.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            request = null;
        }

        if (request is { Token: { Length: > 0 } token })
        {
            if (!state.Tokens.Redeem(token))
            {
                return Refuse(context, state, "console-link", 401, "this console link was used already or is older than 2 minutes: run n3host console again");
            }

            return await SignInAsync(context, state, "console-link", ApiRoles.Admin);
        }

        if (request is not { User: { Length: > 0 } name, Password: { Length: > 0 } password })
        {
            return Refuse(context, state, "-", 400, "send {\"user\": \"...\", \"password\": \"...\"} or {\"token\": \"...\"} as JSON");
        }

        name = name.Trim();
        if (state.Lockout.LockedUntil(name) is { } locked)
        {
            return Refuse(context, state, name, 429, LockedMessage(name, locked));
        }

        ApiUser? user;
        try
        {
            user = state.Users.Verify(name, password);
        }
        catch (IOException e)
        {
            return Refuse(context, state, name, 503, $"the users file cannot be read: {e.Message}");
        }

        if (user is null)
        {
            var until = state.Lockout.Failed(name);
            return until is { } now
                ? Refuse(context, state, name, 429, LockedMessage(name, now))
                : Refuse(context, state, name, 401, $"wrong user name or password ({state.Lockout.Remaining(name)} more tries before '{name}' is locked)");
        }

        state.Lockout.Succeeded(name);
        return await SignInAsync(context, state, user.Name, user.Role);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, SecurityState state, string name, string role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        state.Audit.Write(new AuditEntry(state.Time.GetUtcNow(), name, role, ApiSecurity.RemoteOf(context), "login", 200));
        return Results.Json(new { user = name, role }, JsonDefaults.Options);
    }

    private static IResult Refuse(HttpContext context, SecurityState state, string name, int status, string message)
    {
        state.Audit.Write(new AuditEntry(state.Time.GetUtcNow(), name, "-", ApiSecurity.RemoteOf(context), "login", status, message));
        return Results.Json(new ErrorDto(message), JsonDefaults.Options, statusCode: status);
    }

    /// <summary>Why a locked name is refused (the console's login and the Basic credentials of /metrics).</summary>
    internal static string LockedMessage(string name, DateTimeOffset until) =>
        string.Create(CultureInfo.InvariantCulture, $"too many wrong passwords for '{name}': locked until {until.UtcDateTime:HH:mm:ss} UTC");

    private sealed record LoginRequest(string? User, string? Password, string? Token);
}
