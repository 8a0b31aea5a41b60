using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace N3Host.Api.Security;

/// <summary>401 and 403 as the API's one-sentence JSON errors (no redirect to a login page, no empty body).</summary>
internal sealed class JsonAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged || (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated != true))
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var message = authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                ? "the API secret does not match this node's (the node's data folder, api.secret)"
                : authorization.StartsWith(BasicAuthenticationHandler.Prefix, StringComparison.OrdinalIgnoreCase)
                    ? context.Items[BasicAuthenticationHandler.RefusalItem] as string ?? "wrong user name or password"
                    : "log in first: open the link that n3host console prints, or log in with a user (n3host user add)";
            return Results.Json(new ErrorDto(message), JsonDefaults.Options, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
        }

        if (authorizeResult.Forbidden)
        {
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct(StringComparer.Ordinal);
            var message = $"{ApiSecurity.UserOf(context.User)} ({ApiSecurity.RoleOf(context.User)}) may not do this: it needs the role {string.Join(" or ", roles)}";
            return Results.Json(new ErrorDto(message), JsonDefaults.Options, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
