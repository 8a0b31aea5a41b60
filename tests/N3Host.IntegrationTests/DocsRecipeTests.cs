using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// The recipes of docs/getting-started.md, run as written (a docs check in CI): the commands are read from the page's
/// code blocks and run against real nodes. A comment after a command (<c># Primary Active</c>) is the start of what it
/// must show. Each node runs on ports the OS gave this test, in a copy of its folder, so the check runs beside other
/// nodes and other tests.
/// </summary>
public sealed partial class DocsRecipeTests
{
    private const string BuiltHost = "host/N3Host/bin/Debug/net10.0/n3host";
    private const string DotnetRun = "dotnet run --project host/N3Host -- ";

    /// <summary>Bounds, not expectations: each wait ends as soon as its condition holds.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Page => Path.Combine(HostBuild.RepoRoot, "docs", "getting-started.md");

    [Fact]
    public async Task GettingStarted_TheFirstRun_AndTheCommandsToWatchIt_WorkAsWritten()
    {
        var run = Assert.Single(Commands(Page, "The first run"), c => c.StartsWith(DotnetRun, StringComparison.Ordinal));
        var watch = Commands(Page, "Watch it").Concat(Commands(Page, "Change the node")).Where(c => c.StartsWith(BuiltHost + " ", StringComparison.Ordinal)).ToList();
        Assert.True(watch.Count >= 3, "the page shows status, tags and reload with the built n3host");
        Assert.Contains(watch, c => c.Contains(" status ", StringComparison.Ordinal));
        Assert.Contains(watch, c => c.Contains(" tags ", StringComparison.Ordinal));

        var up = Assert.Single(Commands(Page, "The first run"), c => c.StartsWith("Node ", StringComparison.Ordinal));

        using var folder = new TempDirectory("n3host-docs-first-run");
        var config = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "modules.json"));
        var apiPort = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(folder.Combine("modules.json"), OnFreePorts(config, ("5380", apiPort), ("1883", FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture))));

        // `dotnet run -- ARGS` runs the built n3host with ARGS (after a build, which the test project has done).
        await using var node = NodeProcess.StartExecutable(HostBuild.Executable, Words(run[DotnetRun.Length..]), folder.Path);
        var expectedUp = up.Replace(":5380/", $":{apiPort}/", StringComparison.Ordinal);
        await node.WaitForLineAsync(l => l.Contains("is running:", StringComparison.Ordinal), Patience);
        Assert.True(node.Lines.Any(l => l.Contains(expectedUp, StringComparison.Ordinal)), $"the node says it is up as the page shows: {expectedUp}\n{node.Output}");

        foreach (var command in watch)
        {
            await RunsAndShowsAsync(command, HostBuild.Executable, folder.Path, node);
        }

        // The example tag of `n3host history --help` is one the default node stores.
        var history = N3Host.Cli.CliApp.Build().Subcommands.Single(c => c.Name == "history");
        var example = HelpExample().Match(history.Arguments.Single().Description ?? string.Empty);
        Assert.True(example.Success, "history's TAG help gives an example");
        await RunsAndShowsAsync($"n3host history {example.Groups[1].Value} --from -5m --config modules.json   # TIME", HostBuild.Executable, folder.Path, node);
    }

    [Fact]
    public void GettingStarted_TheFirstRun_ShowsTheLineTheBuildSays()
    {
        var shown = Assert.Single(Commands(Page, "The first run"), c => c.StartsWith("n3host: building", StringComparison.Ordinal));
        var project = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "host", "N3Host", "N3Host.csproj"));
        var said = BuildLine().Match(project);
        Assert.True(said.Success, "N3Host.csproj says it is building (N3SayOnConsole)");
        Assert.StartsWith(shown.TrimEnd('.', ' '), said.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GettingStarted_ThePairOnOneMachine_FailsOverAsWritten()
    {
        var commands = Commands(Page, "A redundant pair on one machine");
        var start = Assert.Single(commands, c => c.StartsWith("bash ", StringComparison.Ordinal));
        var watch = commands.Where(c => c.StartsWith("n3host ", StringComparison.Ordinal) || c.StartsWith("kill ", StringComparison.Ordinal)).ToList();
        Assert.True(watch.Count >= 4, "the page shows status of both nodes, the crash, and status after it");

        using var folder = new TempDirectory("n3host-docs-pair");
        var pair = Path.Combine(HostBuild.RepoRoot, "examples", "pair");
        var copy = folder.Combine("examples", "pair");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(pair, "run-pair.sh"), Path.Combine(copy, "run-pair.sh"));
        string[] ports = ["5380", "5381", "3002", "1883", "1884"];
        var free = ports.ToDictionary(p => p, _ => FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var node in new[] { "primary", "backup" })
        {
            Directory.CreateDirectory(Path.Combine(copy, node));
            var text = File.ReadAllText(Path.Combine(pair, node, "modules.json"));
            var moved = ports.Aggregate(text, (t, p) => t.Replace(p, free[p], StringComparison.Ordinal));
            Assert.True(moved != text, $"examples/pair/{node}/modules.json uses the ports the page's table shows");
            File.WriteAllText(Path.Combine(copy, node, "modules.json"), moved);
        }

        // The script as written, on the copy, with the host the test project built (N3HOST_EXE skips its own build).
        await using var script = NodeProcess.StartExecutable("/usr/bin/env", ["N3HOST_EXE=" + HostBuild.Executable, .. Words(start)], folder.Path);
        var pids = new List<int>();
        try
        {
            var line = await script.WaitForLineAsync(l => l.Contains("pair running: primary pid", StringComparison.Ordinal), Patience);
            var primary = int.Parse(Pid().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            pids.Add(primary);
            var backupLine = await script.WaitForLineAsync(l => l.Contains("backup  pid", StringComparison.Ordinal), Patience);
            pids.Add(int.Parse(Pid().Match(backupLine).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

            foreach (var command in watch)
            {
                if (command.StartsWith("kill ", StringComparison.Ordinal))
                {
                    Assert.Equal("kill -9 PRIMARY_PID", Code(command));
                    using var process = Process.GetProcessById(primary);
                    process.Kill();
                    continue;
                }

                await RunsAndShowsAsync(command, HostBuild.Executable, folder.Path, script);
            }
        }
        finally
        {
            script.Terminate();
            try
            {
                await script.WaitForExitAsync(Patience);
            }
            catch (TimeoutException)
            {
            }

            foreach (var pid in pids)
            {
                KillIfStillRunning(pid);
            }
        }
    }

    [Fact]
    public async Task Redundancy_ThePairOnOneMachineByHand_PairsAsWritten()
    {
        var page = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "docs", "redundancy.md"));
        var at = page.IndexOf("\n# The same on one machine", StringComparison.Ordinal);
        Assert.True(at >= 0, "redundancy.md has the one-machine recipe");
        var section = page[at..page.IndexOf("\n# ", at + 1, StringComparison.Ordinal)];
        var files = ConfigBlock().Matches(section).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        Assert.Equal(["pair/a/modules.json", "pair/b/modules.json"], files.Keys.Order(StringComparer.Ordinal));
        var inline = InlineCode().Matches(section).Select(m => m.Groups[1].Value).ToList();
        var mkdir = Words(Assert.Single(inline, c => c.StartsWith("mkdir ", StringComparison.Ordinal)));
        var certs = ShellBlock().Matches(section).SelectMany(m => m.Groups[1].Value.Split('\n')).Where(l => l.StartsWith("n3host cert show ", StringComparison.Ordinal)).ToList();
        var runs = inline.Where(c => c.StartsWith("n3host run ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, certs.Count);
        Assert.Equal(2, runs.Count);
        Assert.True(section.IndexOf(certs[0], StringComparison.Ordinal) > section.IndexOf("`pair/b/modules.json`:", StringComparison.Ordinal),
            "cert show comes after the files it reads are written");

        using var folder = new TempDirectory("n3host-docs-pair-by-hand");
        foreach (var dir in mkdir.Where(w => !w.StartsWith('-')).Skip(1))
            Directory.CreateDirectory(folder.Combine(dir));
        string[] ports = ["5380", "5381", "3002"];
        var free = ports.ToDictionary(p => p, _ => FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var nowhere = FreePort.Get();
        foreach (var (file, json) in files)
        {
            var moved = ports.Aggregate(json, (t, p) => t.Replace(p, free[p], StringComparison.Ordinal));
            // The recipe has no broker: its nodes would publish to whatever listens on 127.0.0.1:1883; here, to a port where nothing does.
            var config = System.Text.Json.Nodes.JsonNode.Parse(moved)!;
            config["modules"]![0]!["settings"]!["mqtt"] = new System.Text.Json.Nodes.JsonObject { ["broker"] = $"mqtt://127.0.0.1:{nowhere}" };
            File.WriteAllText(folder.Combine(file), config.ToJsonString());
        }

        foreach (var cert in certs)
        {
            var (command, target) = (cert[..cert.IndexOf(" > ", StringComparison.Ordinal)], cert[(cert.IndexOf(" > ", StringComparison.Ordinal) + 3)..].Trim());
            var result = await N3Host.Testing.HostCli.RunExecutableAsync(HostBuild.Executable, Words(command).Skip(1), folder.Path);
            Assert.True(result.ExitCode == 0, $"`{cert}` exits 0: {result.StdErr}");
            File.WriteAllText(folder.Combine(target), result.StdOut);
        }

        await using var a = NodeProcess.StartExecutable(HostBuild.Executable, Words(runs[0]).Skip(1), folder.Path);
        await using var b = NodeProcess.StartExecutable(HostBuild.Executable, Words(runs[1]).Skip(1), folder.Path);
        var configA = Words(runs[0]).SkipWhile(w => w != "--config").ElementAt(1);
        var configB = Words(runs[1]).SkipWhile(w => w != "--config").ElementAt(1);
        await RunsAndShowsAsync($"n3host status --config {configA}   # Primary Active", HostBuild.Executable, folder.Path, a);
        await RunsAndShowsAsync($"n3host status --config {configB}   # Backup Standby", HostBuild.Executable, folder.Path, b);
    }

    /// <summary>Runs one documented command until it succeeds and shows what its comment says, within <see cref="Patience"/>.</summary>
    private static async Task RunsAndShowsAsync(string command, string executable, string workingDirectory, NodeProcess node)
    {
        var words = Words(Code(command));
        var args = words.Skip(1).ToList();
        var expected = Expected(command);
        CliResult? last = null;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                last = await N3Host.Testing.HostCli.RunExecutableAsync(executable, args, workingDirectory);
                var output = Collapse(last.StdOut);
                return last.ExitCode == 0
                    && (expected is null || output.Contains(Collapse(expected), StringComparison.Ordinal))
                    && (args[0] != "history" || last.StdOut.Trim().Split('\n').Length > 1);
            }, Patience, $"`{command}` exits 0 and shows '{expected}'");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the last run exited {last?.ExitCode} and printed:\n{last?.StdOut}{last?.StdErr}\nnode output:\n{node.Output}", e);
        }
    }

    /// <summary>The lines of the code blocks under the heading <c>## HEADING</c> (up to the next <c>## </c>), without empty ones.</summary>
    internal static List<string> Commands(string page, string heading)
    {
        var commands = new List<string>();
        var inSection = false;
        var inCode = false;
        foreach (var line in File.ReadLines(page))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (!inCode && line.StartsWith("## ", StringComparison.Ordinal))
                inSection = line[3..].Trim() == heading;
            else if (inSection && inCode && line.Trim().Length > 0)
                commands.Add(line.Trim());
        }

        Assert.True(commands.Count > 0, $"{Path.GetFileName(page)} has commands under '## {heading}'");
        return commands;
    }

    /// <summary>The command without its comment.</summary>
    internal static string Code(string command) => Comment().Replace(command, string.Empty).Trim();

    /// <summary>What the command's comment says it shows: the comment up to its first comma; null without a comment.</summary>
    internal static string? Expected(string command)
    {
        var comment = Comment().Match(command);
        return comment.Success ? comment.Groups[1].Value.Split(',')[0].Trim() : null;
    }

    /// <summary>The words of a command line as a POSIX shell splits them (single and double quotes).</summary>
    internal static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote)
                    quote = null;
                else
                    word.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    /// <summary>The default modules.json on other ports (the API, then the broker): the same file otherwise.</summary>
    internal static string OnFreePorts(string config, (string Documented, string Free) api, (string Documented, string Free) broker)
    {
        var moved = config.Replace(api.Documented, api.Free, StringComparison.Ordinal).Replace(broker.Documented, broker.Free, StringComparison.Ordinal);
        Assert.True(moved.Contains("\"apiPort\"", StringComparison.Ordinal) && !moved.Contains(api.Documented, StringComparison.Ordinal) && !moved.Contains(broker.Documented, StringComparison.Ordinal)
            && config.Contains(api.Documented, StringComparison.Ordinal) && config.Contains(broker.Documented, StringComparison.Ordinal),
            $"the default modules.json uses API port {api.Documented} and broker port {broker.Documented}, as the page says");
        return moved;
    }

    private static void KillIfStillRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.ProcessName == "n3host")
                process.Kill();
        }
        catch (ArgumentException)
        {
            // gone already
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Collapse(string text) => Spaces().Replace(text, " ");

    [GeneratedRegex(@"\s#\s+(.*)$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"<N3SayOnConsole Text=""([^""]*)""")]
    private static partial Regex BuildLine();

    [GeneratedRegex(@"e\.g\. (\S+)")]
    private static partial Regex HelpExample();

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex Pid();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"`(pair/[ab]/modules\.json)`:\s*```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ConfigBlock();

    [GeneratedRegex(@"```sh\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    [GeneratedRegex(@"(?<!`)`([^`\n]+)`(?!`)")]
    private static partial Regex InlineCode();
}
