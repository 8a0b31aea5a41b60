using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using N3Host.Contracts;

namespace N3Host.Api;

/// <summary><c>GET /api/history/raw|aggregates|latest</c>, answered by the historian's <see cref="IHistoryService"/>.</summary>
internal static class HistoryEndpoints
{
    private const int DefaultLimit = 1000;
    private const int MaxLimit = 100_000;

    public static void Map(WebApplication app, NodeContext node)
    {
        // The historian's own errors: a bad argument (a cursor from elsewhere, too many intervals) is the caller's
        // (400); a store that cannot answer (database gone) is the node's, for now (503). Never a bare 500.
        var historyApi = app.MapGroup("/api/history").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (ArgumentException e)
            {
                return Error(400, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Error(503, $"the historian could not answer: {e.Message}");
            }
        });

        historyApi.MapGet("/raw", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (!TryService(node, out var history, out var missing))
            {
                return missing;
            }

            if (!TryRange(node, request, out var tag, out var from, out var to, out var bad))
            {
                return bad;
            }

            var limit = DefaultLimit;
            var limitText = request.Query["limit"].ToString();
            if (limitText.Length > 0 && (!int.TryParse(limitText, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
            {
                return Error(400, $"limit: \"{limitText}\" is out of range (1 to {MaxLimit}, default {DefaultLimit})");
            }

            var cursor = request.Query["cursor"].ToString();
            var auditText = request.Query["includeSuperseded"].ToString();
            if (auditText.Length > 0 && !bool.TryParse(auditText, out _))
            {
                return Error(400, $"includeSuperseded: \"{auditText}\" is not valid (true or false)");
            }

            var audit = auditText.Length > 0 && bool.Parse(auditText);
            var page = await history.QueryRawAsync(tag, from, to, limit, cursor.Length == 0 ? null : cursor, audit, cancellationToken);
            if (page.Samples.Count == 0 && cursor.Length == 0 && await IsUnknownAsync(node, history, tag, cancellationToken))
            {
                return UnknownTag(tag);
            }

            return audit
                ? Results.Json(new { tag, from, to, samples = page.Samples.Select(s => new { value = TagValueDto.From(s.Value), superseded = s.Superseded }), nextCursor = page.NextCursor }, JsonDefaults.Options)
                : Results.Json(new { tag, from, to, samples = page.Samples.Select(s => TagValueDto.From(s.Value)), nextCursor = page.NextCursor }, JsonDefaults.Options);
        });

        historyApi.MapGet("/aggregates", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (!TryService(node, out var history, out var missing))
            {
                return missing;
            }

            if (!TryRange(node, request, out var tag, out var from, out var to, out var bad))
            {
                return bad;
            }

            var intervalText = request.Query["interval"].ToString();
            if (!QueryParser.TryParseDuration(intervalText, out var interval))
            {
                return Error(400, $"interval: \"{intervalText}\" is not a duration (examples: 10s, 5m, 1h, 1d)");
            }

            // Intervals start at round times (a 1-minute interval at :00 seconds, a day at midnight UTC): the range is widened to whole intervals.
            (from, to) = AggregateRange.Align(from, to, interval);
            var aggregates = await history.QueryAggregatesAsync(tag, from, to, interval, cancellationToken);
            if (aggregates.Count == 0 && await IsUnknownAsync(node, history, tag, cancellationToken))
            {
                return UnknownTag(tag);
            }

            return Results.Json(new { tag, from, to, interval, aggregates }, JsonDefaults.Options);
        });

        historyApi.MapGet("/latest", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (!TryService(node, out var history, out var missing))
            {
                return missing;
            }

            var tag = request.Query["tag"].ToString();
            if (tag.Length == 0)
            {
                return Error(400, "tag: missing (the tag's path, e.g. tag=sim/ramp)");
            }

            var latest = await history.QueryLatestAsync(tag, cancellationToken);
            return latest is null
                ? Error(404, $"no stored value for tag {tag}")
                : Results.Json(TagValueDto.From(latest.Value), JsonDefaults.Options);
        });
    }

    private static bool TryService(NodeContext node, out IHistoryService history, out IResult missing)
    {
        history = node.Runtime.Services.Get<IHistoryService>()!;
        missing = Error(404, "no historian is running on this node: history needs the Historian module in modules.json");
        return history is not null;
    }

    private static bool TryRange(NodeContext node, HttpRequest request, out string tag, out DateTimeOffset from, out DateTimeOffset to, out IResult bad)
    {
        tag = request.Query["tag"].ToString();
        from = default;
        to = default;
        bad = Results.Empty;
        var now = node.Runtime.Time.GetUtcNow();
        if (tag.Length == 0)
        {
            bad = Error(400, "tag: missing (the tag's path, e.g. tag=sim/ramp)");
            return false;
        }

        var toText = request.Query["to"].ToString();
        if (toText.Length == 0)
        {
            to = now;
        }
        else if (!QueryParser.TryParseTime(toText, now, out to))
        {
            bad = Error(400, $"to: \"{toText}\" is not a time (ISO 8601 like 2026-01-31T08:00:00Z, \"now\", or relative like -15m)");
            return false;
        }

        var fromText = request.Query["from"].ToString();
        if (fromText.Length == 0)
        {
            from = to - TimeSpan.FromHours(1);
        }
        else if (!QueryParser.TryParseTime(fromText, now, out from))
        {
            bad = Error(400, $"from: \"{fromText}\" is not a time (ISO 8601 like 2026-01-31T08:00:00Z, \"now\", or relative like -1h)");
            return false;
        }

        if (from >= to)
        {
            bad = Error(400, $"from ({from:O}) must be before to ({to:O})");
            return false;
        }

        return true;
    }

    /// <summary>A tag the historian has no value of, and no module publishes now: most likely a typo.</summary>
    private static async Task<bool> IsUnknownAsync(NodeContext node, IHistoryService history, string tag, CancellationToken cancellationToken) =>
        !node.Runtime.Tags.TryGetLatest(tag, out _)
        && await history.QueryLatestAsync(tag, cancellationToken) is null;

    private static IResult UnknownTag(string tag) =>
        Error(404, $"unknown tag {tag}: the historian has no value of it and no module publishes it (n3host tags lists the tags)");

    private static IResult Error(int status, string message) => Results.Json(new ErrorDto(message), JsonDefaults.Options, statusCode: status);
}
