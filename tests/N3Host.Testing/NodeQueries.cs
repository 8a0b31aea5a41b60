using System.Globalization;
using System.Text.Json.Nodes;

namespace N3Host.Testing;

/// <summary>What process tests ask a running node, through the real CLI (<c>n3host status</c>, <c>n3host history</c>).</summary>
public static class NodeQueries
{
    /// <summary>The node's redundancy role from <c>n3host status --json</c> (null while its API does not answer).</summary>
    public static async Task<string?> RoleAsync(string config)
    {
        var result = await HostCli.RunAsync("status", "--config", config, "--json");
        return result.ExitCode == 0 ? JsonNode.Parse(result.StdOut)?["services"]?["redundancy"]?["role"]?.GetValue<string>() : null;
    }

    /// <summary>Raw history of <paramref name="tag"/> from <c>n3host history --json</c>: (source time, value as JSON text), oldest first.</summary>
    public static async Task<List<(DateTimeOffset Time, string Value)>> HistoryAsync(string config, string tag, DateTimeOffset from, DateTimeOffset to)
    {
        var result = await HostCli.RunAsync("history", tag, "--from", from.UtcDateTime.ToString("O"), "--to", to.UtcDateTime.ToString("O"),
            "--limit", "100000", "--json", "--config", config);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"n3host history failed ({result.ExitCode}): {result.Output}");
        var root = JsonNode.Parse(result.StdOut)!;
        if (root["nextCursor"] is JsonValue more && more.ToString().Length > 0)
            throw new InvalidOperationException($"more than one page of history for {tag}");
        return [.. root["samples"]!.AsArray().Select(s => (
            DateTimeOffset.Parse(s!["sourceTime"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            s["value"]!.ToJsonString()))];
    }
}
