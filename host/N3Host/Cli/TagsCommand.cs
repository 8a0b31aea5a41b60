using System.CommandLine;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary><c>n3host tags [--filter PATTERN] [--utc] [--json]</c>: the running node's latest tag values, rounded, times local (or UTC).</summary>
internal static class TagsCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = CommonOptions.Json();
        var filter = new Option<string?>("--filter", "-f") { Description = "Tag path pattern: * any characters, ? one character (e.g. sim/*)" };
        var utc = new Option<bool>("--utc") { Description = "Show times in UTC instead of this machine's local time" };
        var command = new Command("tags", "Show the latest value of every tag on the running node") { config, filter, utc, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = NodeClient.Create(result.GetValue(config));
            var pattern = result.GetValue(filter);
            var path = string.IsNullOrEmpty(pattern) ? "api/tags" : "api/tags?filter=" + Uri.EscapeDataString(pattern);
            var tags = await client.GetJsonAsync(path, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(tags.ToJsonString(JsonDefaults.Options));
                return ExitCodes.Ok;
            }

            var show = new ReadableValues(result.GetValue(utc));
            var rows = tags.AsArray().Select(t => (IReadOnlyList<string>)
            [
                t?["path"]?.ToString() ?? "", show.Value(t?["value"]), t?["quality"]?.ToString() ?? "", show.Value(t?["sourceTime"]),
            ]);
            Console.Out.Write(TextTable.Format(["PATH", "VALUE", "QUALITY", $"SOURCE TIME ({show.Zone})"], rows));
            return ExitCodes.Ok;
        });
        return command;
    }
}
