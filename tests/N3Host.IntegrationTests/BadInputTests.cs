using System.Net;
using System.Net.Sockets;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>When the node cannot run: a non-zero exit and one clear line on stderr, never a stack trace.</summary>
[Collection(PublishedHostCollection.Name)]
public sealed class BadInputTests(PublishedHost host)
{
    [Fact]
    public async Task MalformedJson_NamesFileLineAndPosition()
    {
        using var node = new TestNode(host);
        await File.WriteAllTextAsync(node.ConfigPath, "{\n  \"node\": { \"name\": \"x\" },\n  \"modules\": [ { \"instance\" \"sim\" } ]\n}\n");

        var result = await RunAsync(node);

        AssertOneClearLine(result, 1, $"n3host: {node.ConfigPath}: malformed JSON at line 3, position 29");
    }

    [Fact]
    public async Task UnknownModule_NamesTheInstanceAndWhatIsInstalled()
    {
        using var node = new TestNode(host);
        node.Config.Add("sim", "Simulatr");
        node.Config.WriteTo(node.ConfigPath);

        var result = await RunAsync(node);

        AssertOneClearLine(result, 1, $"n3host: {node.ConfigPath}: instance \"sim\": unknown module \"Simulatr\"");
        Assert.Contains("installed: ", result.StdErr);
        Assert.Contains("DropInPlugin", result.StdErr);
    }

    [Fact]
    public async Task DuplicateInstance_NamesIt()
    {
        using var node = new TestNode(host);
        node.Config.Add("drop", "DropInPlugin").Add("drop", "DropInPlugin");
        node.Config.WriteTo(node.ConfigPath);

        var result = await RunAsync(node);

        AssertOneClearLine(result, 1, $"n3host: {node.ConfigPath}: instance \"drop\" (modules[1]): duplicate instance name");
    }

    [Fact]
    public async Task SettingOutOfRange_NamesTheSettingAndTheRange()
    {
        using var node = new TestNode(host);
        node.Config.Root["supervisor"]!["restartBackoffMs"] = 1;
        node.Config.WriteTo(node.ConfigPath);

        var result = await RunAsync(node);

        AssertOneClearLine(result, 1, $"n3host: {node.ConfigPath}: supervisor.restartBackoffMs: 1 is out of range (allowed: 10 to 3600000, default 1000)");
    }

    [Fact]
    public async Task MissingPluginsFolder_SaysWhereItLooked()
    {
        using var node = new TestNode(host);
        node.Config.Add("drop", "DropInPlugin");
        node.Config.WriteTo(node.ConfigPath);
        var missing = Path.Combine(node.Folder, "no-plugins-here");

        var result = await RunAsync(node, "--plugins", missing);

        AssertOneClearLine(result, 1, $"n3host: plugins folder not found: {missing}");
    }

    [Fact]
    public async Task MissingConfigFile_SaysSo()
    {
        using var node = new TestNode(host);

        var result = await RunAsync(node);

        AssertOneClearLine(result, 1, $"n3host: {node.ConfigPath}: file not found");
    }

    [Fact]
    public async Task ApiPortInUse_TheNodeCannotRun_SaysWhy()
    {
        using var node = new TestNode(host);
        node.Config.Add("drop", "DropInPlugin");
        node.Config.WriteTo(node.ConfigPath);
        using var squatter = new TcpListener(IPAddress.Loopback, node.ApiPort);
        squatter.Start();

        var result = await RunAsync(node);

        AssertOneClearLine(result, 2, $"n3host: port {node.ApiPort} on 127.0.0.1 is in use: is another n3host running with this configuration?");
        Assert.DoesNotContain("drop is active", result.StdOut);
    }

    [Fact]
    public async Task UnknownCommandOption_IsAUsageError()
    {
        var result = await host.CliAsync("status", "--no-such-option");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Output);
    }

    private Task<CliResult> RunAsync(TestNode node, params string[] extra) =>
        host.CliAsync(["run", "--config", node.ConfigPath, .. extra]);

    private static void AssertOneClearLine(CliResult result, int exitCode, string startsWith)
    {
        Assert.True(result.ExitCode == exitCode, $"exit code {result.ExitCode}, expected {exitCode}. Output:\n{result.Output}");
        var lines = result.StdErr.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{result.StdErr}");
        Assert.StartsWith(startsWith, lines[0]);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
    }
}
