using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary><c>n3host status [--json]</c>: the running node's role and every instance's state.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = CommonOptions.Json();
        var command = new Command("status", "Show the running node: role, every module instance's state and last error") { config, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = NodeClient.Create(result.GetValue(config));
            var status = await client.GetJsonAsync("api/status", cancellationToken);
            Console.Out.Write(result.GetValue(json) ? status.ToJsonString(JsonDefaults.Options) + Environment.NewLine : Format(status));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Format(JsonNode status)
    {
        var head = string.Create(CultureInfo.InvariantCulture,
            $"node {status["node"]}: {status["mode"]} {status["role"]} (term {status["term"]}, {status["roleReason"]})\n"
            + $"n3host {status["hostVersion"]}, contracts {status["contractsVersion"]}, API port {status["apiPort"]}\n"
            + $"certificate SHA-256 {status["certificateFingerprint"]}\n\n");
        var rows = (status["modules"]?.AsArray() ?? []).Select(m => (IReadOnlyList<string>)
        [
            Text(m?["instance"]), Text(m?["module"]), Text(m?["version"]), Text(m?["follows"]), Text(m?["state"]),
            Time(m?["since"]), Text(m?["lastError"]),
        ]);
        var table = TextTable.Format(["INSTANCE", "MODULE", "VERSION", "FOLLOWS", "STATE", "SINCE (UTC)", "LAST ERROR"], rows);
        var bus = status["tagBus"];
        var subscribers = bus?["subscribers"]?.AsArray() ?? [];
        var overflowed = subscribers.Sum(s => s?["overflowed"]?.GetValue<long>() ?? 0);
        var tail = string.Create(CultureInfo.InvariantCulture,
            $"\ntag bus: {bus?["tags"]} tags, {subscribers.Count} subscribers, {overflowed} values overflowed\n");
        foreach (var subscriber in subscribers.Where(s => (s?["overflowed"]?.GetValue<long>() ?? 0) > 0))
        {
            tail += string.Create(CultureInfo.InvariantCulture, $"  {subscriber?["name"]} ({subscriber?["owner"]}): {subscriber?["overflowed"]} overflowed\n");
        }

        var services = status["services"]?.AsObject();
        if (services is { Count: > 0 })
        {
            tail += "\n" + string.Join("\n", services.Select(s => $"{s.Key}: {s.Value?.ToJsonString()}")) + "\n";
        }

        return head + table + tail;
    }

    private static string Text(JsonNode? node) => node?.ToString() ?? "";

    private static string Time(JsonNode? node) =>
        DateTimeOffset.TryParse(node?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "";
}
