using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary>
/// <c>n3host drill --yes [--tag PATH]</c>: on the active primary of a connected pair, hands the active role to the standby and
/// back, and prints what it measured; with <c>--tag</c>, also the largest gap between that tag's stored values around the drill.
/// </summary>
internal static class DrillCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var yes = new Option<bool>("--yes") { Description = "Confirm: the drill moves the active role to the standby and back" };
        var tag = new Option<string?>("--tag") { Description = "A tag stored by the historian (e.g. sim/counter): report the data gap the drill made in its history" };
        var json = CommonOptions.Json();
        var command = new Command("drill", "Failover drill: hand the active role to the standby and back, and measure it (on the active primary)") { config, yes, tag, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!result.GetValue(yes))
            {
                throw new CliException("the drill moves the active role to the standby and back (a real failover and failback): run it again with --yes to go ahead",
                    ExitCodes.UsageOrConfig);
            }

            using var client = NodeClient.Create(result.GetValue(config), TimeSpan.FromMinutes(3));
            var report = await client.PostJsonAsync("api/drill", cancellationToken);
            var gap = result.GetValue(tag) is { } path ? await GapAsync(client, path, report, cancellationToken) : null;
            if (result.GetValue(json))
            {
                if (gap is not null)
                {
                    report["dataGap"] = gap.Value.Json;
                }

                Console.Out.WriteLine(report.ToJsonString(JsonDefaults.Options));
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine(report["message"]?.GetValue<string>());
            var figures = report["milliseconds"]?.AsObject() ?? [];
            Print("standby active after", figures["standbyActivation"]);
            Print("role change acknowledged on MQTT after", figures["mqttPublished"]);
            Print("primary active again after the hand-back", figures["handBack"]);
            Console.Out.WriteLine(gap?.Text ?? "data gap: give --tag PATH (a tag the historian stores) to measure it");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(string what, JsonNode? milliseconds)
    {
        if (milliseconds is not null)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: {milliseconds.GetValue<double>():0.0} ms"));
        }
    }

    /// <summary>The largest gap between consecutive stored values of the tag from 5 s before the drill to 5 s after it, beside their median period.</summary>
    private static async Task<(string Text, JsonNode Json)?> GapAsync(NodeClient client, string tag, JsonNode report, CancellationToken cancellationToken)
    {
        var started = report["startedAt"]!.GetValue<DateTimeOffset>().AddSeconds(-5);
        var ended = report["endedAt"]!.GetValue<DateTimeOffset>().AddSeconds(5);

        // The window runs 5 s past the drill: wait until it is over, so its values are stored too.
        if (ended - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, cancellationToken);
        }

        var query = $"api/history/raw?tag={Uri.EscapeDataString(tag)}&from={Uri.EscapeDataString(started.UtcDateTime.ToString("O"))}&to={Uri.EscapeDataString(ended.UtcDateTime.ToString("O"))}&limit=100000";
        var history = await client.GetJsonAsync(query, cancellationToken);
        var times = (history["samples"]?.AsArray() ?? []).Select(s => s!["sourceTime"]!.GetValue<DateTimeOffset>()).Order().ToList();
        if (times.Count < 3)
        {
            return ($"data gap: {tag} has {times.Count} stored values around the drill: nothing to measure", new JsonObject { ["tag"] = tag, ["values"] = times.Count });
        }

        var steps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        var largest = steps.Max();
        var median = steps.Order().ElementAt(steps.Count / 2);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"data gap: {tag}: largest step between stored values {largest:0} ms (median period {median:0} ms, {times.Count} values from 5 s before to 5 s after the drill)");
        return (text, new JsonObject { ["tag"] = tag, ["values"] = times.Count, ["largestStepMs"] = largest, ["medianPeriodMs"] = median });
    }
}
