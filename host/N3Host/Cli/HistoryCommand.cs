using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary><c>n3host history TAG [--from] [--to] [--limit] [--interval] [--json|--csv]</c>: stored values from the running node's historian.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var tag = new Argument<string>("TAG") { Description = "The tag's path, e.g. sim/ramp1" };
        var from = new Option<string?>("--from") { Description = "Start (ISO 8601 like 2026-01-31T08:00:00Z, or relative like -1h; default: one hour before --to)" };
        var to = new Option<string?>("--to") { Description = "End, exclusive (ISO 8601, \"now\" or relative; default: now)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many raw values (1 to 100000, default 1000)" };
        var interval = new Option<string?>("--interval") { Description = "Aggregate per interval (e.g. 10s, 5m, 1h) instead of raw values" };
        var json = CommonOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Print CSV" };
        var audit = new Option<bool>("--include-superseded") { Description = "Raw values only: also the values that lost to another value at the same time (after both nodes were active), for an audit" };
        var command = new Command("history", "Query stored history of a tag (needs the Historian module)") { tag, config, from, to, limit, interval, json, csv, audit };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(json) && result.GetValue(csv))
            {
                throw new CliException("--json and --csv cannot be combined", ExitCodes.UsageOrConfig);
            }

            var query = new StringBuilder("tag=").Append(Uri.EscapeDataString(result.GetValue(tag)!));
            Append(query, "from", result.GetValue(from));
            Append(query, "to", result.GetValue(to));
            var aggregate = result.GetValue(interval);
            if (aggregate is not null)
            {
                Append(query, "interval", aggregate);
            }
            else
            {
                Append(query, "limit", result.GetValue(limit)?.ToString(CultureInfo.InvariantCulture));
                if (result.GetValue(audit))
                {
                    Append(query, "includeSuperseded", "true");
                }
            }

            using var client = NodeClient.Create(result.GetValue(config));
            var answer = await client.GetJsonAsync((aggregate is null ? "api/history/raw?" : "api/history/aggregates?") + query, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(answer.ToJsonString(JsonDefaults.Options));
            }
            else
            {
                Console.Out.Write(aggregate is null ? Raw(answer, result.GetValue(csv)) : Aggregates(answer, result.GetValue(csv)));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static string Raw(JsonNode answer, bool csv)
    {
        var samples = answer["samples"]?.AsArray() ?? [];
        var audit = samples.Any(s => s?["superseded"] is not null);
        var rows = samples.Select(s =>
        {
            var value = audit ? s?["value"] : s;
            IReadOnlyList<string> row = audit
                ? [value?["sourceTime"]?.ToString() ?? "", value?["value"]?.ToJsonString() ?? "", value?["quality"]?.ToString() ?? "", s?["superseded"]?.GetValue<bool>() == true ? "superseded" : ""]
                : [value?["sourceTime"]?.ToString() ?? "", value?["value"]?.ToJsonString() ?? "", value?["quality"]?.ToString() ?? ""];
            return row;
        }).ToList();
        var text = Output(audit ? ["time", "value", "quality", "rule"] : ["time", "value", "quality"], rows, csv);
        return answer["nextCursor"] is { } next && !csv ? text + $"(more: narrow --from/--to or raise --limit; cursor {next})\n" : text;
    }

    private static string Aggregates(JsonNode answer, bool csv)
    {
        string[] columns = ["start", "end", "count", "min", "max", "avg", "first", "last"];
        var rows = (answer["aggregates"]?.AsArray() ?? []).Select(a => (IReadOnlyList<string>)[.. columns.Select(c => a?[c]?.ToString() ?? "")]).ToList();
        return Output(columns, rows, csv);
    }

    private static string Output(IReadOnlyList<string> headers, List<IReadOnlyList<string>> rows, bool csv) =>
        csv
            ? string.Join("\n", new[] { headers }.Concat(rows).Select(r => string.Join(",", r.Select(Csv)))) + "\n"
            : TextTable.Format([.. headers.Select(h => h.ToUpperInvariant())], rows);

    private static string Csv(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
