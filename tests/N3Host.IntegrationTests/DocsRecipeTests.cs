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
                last = await N3Host.Testing.Cli.RunExecutableAsync(executable, args, workingDirectory);
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

    [GeneratedRegex(@"pid (\d+)")]
    private static partial Regex Pid();

    [GeneratedRegex(@"[ \t]+")]
    private static partial Regex Spaces();
}
