using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using N3Host.Api;

namespace N3Host.OperatorConsole; // not N3Host.Console: that would hide System.Console from the rest of the host

/// <summary>
/// The operator console: the page at <c>/</c>, its assets under <c>/console/</c> (embedded in the host, so an install
/// needs nothing else and no internet), and <c>GET /api/events</c>, the page's live feed.
/// </summary>
internal static class ConsoleEndpoints
{
    /// <summary>The page's files, for anyone who may reach the node (they hold no data): before the authentication.</summary>
    public static void UseAssets(WebApplication app) => app.UseStaticFiles(ConsoleAssets.StaticFiles());

    public static void Map(WebApplication app, NodeContext node)
    {
        // The page itself holds no data either: it asks for a login when the API answers 401.
        app.MapGet("/", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-cache";
            return Results.Stream(ConsoleAssets.OpenIndex(), "text/html; charset=utf-8");
        }).AllowAnonymous();
        app.MapGet("/api/events", (string? filter, HttpContext context, CancellationToken cancellationToken) =>
        {
            // A proxy in front of the node (nginx) must not hold the events back.
            context.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(ConsoleEvents.StreamAsync(node, filter, app.Lifetime.ApplicationStopping, cancellationToken));
        });
    }
}
