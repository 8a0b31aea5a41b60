using System.CommandLine;
using System.Globalization;
using N3Host.Api;

namespace N3Host.Cli;

/// <summary><c>n3host tags [--filter PATTERN] [--json]</c>: the running node's latest tag values.</summary>
internal static class TagsCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var json = CommonOptions.Json();
        var filter = new Option<string?>("--filter", "-f") { Description = "Tag path pattern: * any characters, ? one character (e.g. sim/*)" };
        var command = new Command("tags", "Show the latest value of every tag on the running node") { config, filter, json };
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

            var rows = tags.AsArray().Select(t => (IReadOnlyList<string>)
            [
                t?["path"]?.ToString() ?? "", t?["value"]?.ToJsonString() ?? "", t?["quality"]?.ToString() ?? "",
                DateTimeOffset.TryParse(t?["sourceTime"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "",
            ]);
            Console.Out.Write(TextTable.Format(["PATH", "VALUE", "QUALITY", "SOURCE TIME (UTC)"], rows));
            return ExitCodes.Ok;
        });
        return command;
    }
}
