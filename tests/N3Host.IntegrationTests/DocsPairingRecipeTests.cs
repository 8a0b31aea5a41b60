using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// The steps of docs/pairing.md, run as written (a docs check in CI): the two <c>$ n3host pair</c> commands are read from the
/// page, with the page's address replaced by loopback and its code by the one the node printed; each output line the page shows
/// must start a line of the real output (its first two words).
/// </summary>
public sealed partial class DocsPairingRecipeTests
{
    private const string PageAddress = "10.0.0.10";

    [Fact]
    public async Task Pairing_TheStepsOnThePage_PairTwoFreshNodes_AndPrintWhatThePageShows()
    {
        var page = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "docs", "pairing.md"));
        var at = page.IndexOf("\n# Steps\n", StringComparison.Ordinal);
        Assert.True(at >= 0, "pairing.md has its steps");
        var steps = page[at..page.IndexOf("\n# ", at + 1, StringComparison.Ordinal)];
        var blocks = Block().Matches(steps).Select(m => m.Groups[1].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList()).ToList();
        Assert.Equal(2, blocks.Count);
        var (primaryCommand, primaryShows) = (blocks[0][0], blocks[0].Skip(1).ToList());
        var (backupCommand, backupShows) = (blocks[1][0], blocks[1].Skip(1).ToList());
        Assert.StartsWith("$ n3host pair --listen " + PageAddress, primaryCommand, StringComparison.Ordinal);
        Assert.StartsWith("$ n3host pair --with " + PageAddress + " --code ", backupCommand, StringComparison.Ordinal);

        using var folder = new TempDirectory("n3host-docs-pairing");
        var pairingPort = FreePort.Get();
        var primaryConfig = Write(folder, "a", "plant-a", $$"""
            [ { "instance": "redundancy", "module": "Redundancy", "settings": { "mode": "standalone", "server": { "pairingPort": {{pairingPort}} } } } ]
            """);
        var backupConfig = Write(folder, "b", "plant-b", "[]");
        await using var node = NodeProcess.Start(primaryConfig);
        await node.WaitForLineAsync(l => l.Contains("is running:", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // Step 2 waits until the backup used the code: it runs beside step 3.
        await using var opening = NodeProcess.StartExecutable(HostBuild.Executable,
            [.. Words(primaryCommand).Skip(2).Select(w => w == PageAddress ? "127.0.0.1" : w), "--config", primaryConfig]);
        var codeLine = await opening.WaitForLineAsync(l => l.StartsWith("Pairing code: ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var code = codeLine["Pairing code: ".Length..].Trim();
        await opening.WaitForLineAsync(l => l.StartsWith("Waiting for", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var pageCode = Words(backupCommand).Last();
        var joined = await HostCli.RunAsync([.. Words(backupCommand).Skip(2).Select(w => w == PageAddress ? $"127.0.0.1:{pairingPort}" : w == pageCode ? code : w), "--config", backupConfig]);
        Assert.True(joined.ExitCode == 0, joined.Output);
        Assert.Equal(0, await opening.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        AssertShows(primaryShows, opening.Lines);
        AssertShows(backupShows, joined.StdOut.Split('\n'));
        Assert.Contains(opening.Lines, l => l.StartsWith("Paired with plant-b", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder.Path, "b", "primary.pem")), "the backup holds the primary's certificate");
        Assert.True(File.Exists(Path.Combine(folder.Path, "a", "backup.pem")), "the primary holds the backup's certificate");
    }

    private static void AssertShows(IReadOnlyList<string> shown, IEnumerable<string> output)
    {
        var lines = output.Select(l => l.Trim()).ToList();
        foreach (var line in shown)
        {
            var start = string.Join(' ', Words(line).Take(2));
            Assert.True(lines.Any(l => l.StartsWith(start, StringComparison.Ordinal)), $"the page shows a line starting '{start}'; the output:\n{string.Join('\n', lines)}");
        }
    }

    private static string Write(TempDirectory folder, string name, string node, string modules)
    {
        Directory.CreateDirectory(folder.Combine(name));
        var path = folder.Combine(name, "modules.json");
        File.WriteAllText(path, $$"""
            { "node": { "name": "{{node}}", "dataDirectory": "data", "apiPort": {{FreePort.Get()}} }, "mqtt": { "enabled": false }, "modules": {{modules}} }
            """);
        return path;
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
