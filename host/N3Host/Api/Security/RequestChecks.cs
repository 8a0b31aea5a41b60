using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace N3Host.Api.Security;

/// <summary>Refuses a state change that a page on another site could have sent: without <c>X-N3Host-Request</c>, or with a foreign <c>Origin</c>.</summary>
internal static class RequestChecks
{
    public static bool IsStateChange(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    public static Task RefuseCrossSiteAsync(HttpContext context, RequestDelegate next, SecurityState state)
    {
        var request = context.Request;
        if (!IsStateChange(request.Method))
        {
            return next(context);
        }

        var refusal = Refusal(request);
        if (refusal is null)
        {
            return next(context);
        }

        context.Items[ApiSecurity.AuditedItem] = true;
        state.Audit.Write(new AuditEntry(state.Time.GetUtcNow(), "-", "-", ApiSecurity.RemoteOf(context), $"{request.Method} {request.Path}", StatusCodes.Status403Forbidden, refusal));
        return Results.Json(new ErrorDto(refusal), JsonDefaults.Options, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }

    private static string? Refusal(HttpRequest request)
    {
        var self = $"{request.Scheme}://{request.Host}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, self, StringComparison.OrdinalIgnoreCase))
        {
            return $"cross-site request refused: it comes from {origin}, not from this node's console ({self})";
        }

        if (string.Equals(request.Headers["Sec-Fetch-Site"].ToString(), "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return "cross-site request refused: the browser says it comes from another site";
        }

        return request.Headers.ContainsKey(ApiSecurity.RequestHeader)
            ? null
            : $"a change needs the header {ApiSecurity.RequestHeader} (the console and the CLI send it; a form or a page on another site cannot)";
    }
}
