using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary>
/// <c>n3host status [--utc] [--json]</c>: the running node's role, every instance's state, and each module's own status as aligned fields;
/// times in the operator's local time to the millisecond (UTC with --utc).
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = CommonOptions.Json();
        var utc = new Option<bool>("--utc") { Description = "Show times in UTC instead of this machine's local time" };
        var command = new Command("status", "Show the running node: role, every module instance's state and last error, each module's status") { config, utc, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = NodeClient.Create(result.GetValue(config));
            var status = await client.GetJsonAsync("api/status", cancellationToken);
            Console.Out.Write(result.GetValue(json) ? status.ToJsonString(JsonDefaults.Options) + Environment.NewLine : Format(status, new ReadableValues(result.GetValue(utc))));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static string Format(JsonNode status, ReadableValues show)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"node {status["node"]}: {status["mode"]} {status["role"]} (term {status["term"]}) since {show.Value(status["roleSince"])}\n");
        text.Append(CultureInfo.InvariantCulture, $"  {status["roleReason"]}\n");
        text.Append(CultureInfo.InvariantCulture, $"n3host {status["hostVersion"]}, contracts {status["contractsVersion"]}, API port {status["apiPort"]}\n");
        text.Append(CultureInfo.InvariantCulture, $"certificate SHA-256 {status["certificateFingerprint"]}\n\n");

        var rows = (status["modules"]?.AsArray() ?? []).Select(m => (IReadOnlyList<string>)
        [
            Text(m?["instance"]), Text(m?["module"]), Text(m?["version"]), Text(m?["follows"]), Text(m?["state"]),
            m?["since"] is null ? "" : show.Value(m["since"]), Text(m?["lastError"]),
        ]);
        text.Append(TextTable.Format(["INSTANCE", "MODULE", "VERSION", "FOLLOWS", "STATE", $"SINCE ({show.Zone})", "LAST ERROR"], rows));

        var bus = status["tagBus"];
        var subscribers = bus?["subscribers"]?.AsArray() ?? [];
        var overflowed = subscribers.Sum(s => s?["overflowed"]?.GetValue<long>() ?? 0);
        text.Append(CultureInfo.InvariantCulture, $"\ntag bus: {bus?["tags"]} tags, {subscribers.Count} subscribers, {overflowed} values overflowed\n");
        foreach (var subscriber in subscribers.Where(s => (s?["overflowed"]?.GetValue<long>() ?? 0) > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {subscriber?["name"]} ({subscriber?["owner"]}): {subscriber?["overflowed"]} overflowed\n");
        }

        foreach (var (name, section) in status["services"]?.AsObject() ?? [])
        {
            text.Append('\n').Append(name).Append('\n').Append(show.Fields(section));
        }

        return text.ToString();
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? "";
}
