using System.CommandLine;
using System.Text.Json.Nodes;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary>
/// <c>n3host reload [--json]</c>: the running node re-reads modules.json, validates it, makes a new revision of the shared part if it
/// changed, and restarts only the instances whose settings changed (new ones start, removed ones stop). A bad file changes nothing.
/// </summary>
internal static class ReloadCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = CommonOptions.Json();
        var command = new Command("reload", "Re-read modules.json on the running node and apply it (restarts only the instances whose settings changed)") { config, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = NodeClient.CreateFromNodeSection(result.GetValue(config));
            var answer = await client.PostJsonAsync("api/config/reload", cancellationToken);
            Console.Out.Write(result.GetValue(json) ? answer.ToJsonString(JsonDefaults.Options) + Environment.NewLine : Format(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Format(JsonNode answer)
    {
        static string List(JsonNode? list) => list is JsonArray { Count: > 0 } items ? string.Join(", ", items.Select(i => i?.ToString())) : "none";
        var text = $"{answer["message"]}\n"
            + $"added: {List(answer["added"])}\n"
            + $"restarted: {List(answer["restarted"])}\n"
            + $"removed: {List(answer["removed"])}\n";
        if (answer["notApplied"] is JsonArray { Count: > 0 } pending)
        {
            text += "not applied until the node restarts: " + string.Join("; ", pending.Select(p => p?.ToString())) + "\n";
        }

        return text;
    }
}
