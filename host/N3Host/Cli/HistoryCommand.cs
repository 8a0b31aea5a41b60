using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary><c>n3host history TAG [--from] [--to] [--limit] [--cursor] [--interval] [--json|--csv]</c>: stored values from the running node's historian.</summary>
internal static class HistoryCommand
{
    private const int MaxLimit = 100_000;

    public static Command Create()
    {
        var config = CommonOptions.Config();
        var tag = new Argument<string>("TAG") { Description = "The tag's path, e.g. sim/ramp (n3host tags lists them)" };
        var from = new Option<string?>("--from") { Description = "Start (ISO 8601 like 2026-01-31T08:00:00Z, or relative like -1h; default: one hour before --to)" };
        var to = new Option<string?>("--to") { Description = "End, exclusive (ISO 8601, \"now\" or relative; default: now)" };
        var limit = new Option<int?>("--limit") { Description = $"At most this many raw values (1 to {MaxLimit}, default 1000)", CustomParser = ParseLimit };
        var cursor = new Option<string?>("--cursor") { Description = "Raw values only: continue after the page that printed this cursor (use the same --from and --to)" };
        var interval = new Option<string?>("--interval") { Description = "Aggregate per interval (e.g. 10s, 5m, 1h) instead of raw values; intervals start at round times (UTC)" };
        var json = CommonOptions.Json();
        var csv = new Option<bool>("--csv") { Description = "Print CSV" };
        var audit = new Option<bool>("--include-superseded") { Description = "Raw values only: also the values that lost to another value at the same time (after both nodes were active), for an audit" };
        var command = new Command("history", "Query stored history of a tag (needs the Historian module)") { tag, config, from, to, limit, cursor, interval, json, csv, audit };
        command.Validators.Add(result =>
        {
            if (result.GetValue(json) && result.GetValue(csv))
            {
                result.AddError("--json and --csv cannot be combined");
            }
            else if (result.GetValue(interval) is not null && (result.GetValue(cursor) is not null || result.GetValue(limit) is not null || result.GetValue(audit)))
            {
                result.AddError("--cursor, --limit and --include-superseded are for raw values, not with --interval");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(tag)!;
            var query = new StringBuilder("tag=").Append(Uri.EscapeDataString(path));
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
                Append(query, "cursor", result.GetValue(cursor));
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
                return ExitCodes.Ok;
            }

            var isCsv = result.GetValue(csv);
            Console.Out.Write(aggregate is null ? Raw(answer, isCsv) : Aggregates(answer, isCsv));
            if (aggregate is null && answer["nextCursor"]?.ToString() is { Length: > 0 } next)
            {
                // On stderr with --csv, so that the CSV stays CSV.
                (isCsv ? Console.Error : Console.Out).WriteLine($"(more: {Continuation(result, path, answer, next)})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static int? ParseLimit(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit)
        {
            return value;
        }

        result.AddError($"--limit: \"{text}\" is not a number from 1 to {MaxLimit}");
        return null;
    }

    /// <summary>The command that prints the next page: the same query over the answer's absolute range, with the cursor.</summary>
    private static string Continuation(ParseResult result, string tag, JsonNode answer, string cursor)
    {
        var words = new List<string> { "n3host", "history", Quote(tag), "--from", Time(answer["from"]), "--to", Time(answer["to"]) };
        foreach (var name in (string[])["--limit", "--include-superseded", "--config"])
        {
            var option = result.CommandResult.Command.Options.Single(o => o.Name == name);
            if (result.GetResult(option) is { Implicit: false } given)
            {
                words.Add(option.Name);
                words.AddRange(given.Tokens.Select(t => Quote(t.Value)));
            }
        }

        words.Add("--cursor");
        words.Add(Quote(cursor));
        return string.Join(' ', words);
    }

    private static string Time(JsonNode? value) =>
        DateTimeOffset.TryParse(value?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture)
            : value?.ToString() ?? string.Empty;

    private static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or '+')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

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
        return Output(audit ? ["time", "value", "quality", "rule"] : ["time", "value", "quality"], rows, csv);
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
