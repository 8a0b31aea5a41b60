using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

[Collection(PublishedHostCollection.Name)]
public sealed class RunningNodeTests(PublishedHost host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The contracts version this build carries (the host reports the same assembly's version).</summary>
    private static readonly string ContractsVersion = typeof(N3Host.Contracts.IModule).Assembly.GetName().Version!.ToString();

    [Fact]
    public async Task StatusJson_ShowsTheLiveNode_VersionsRoleAndEveryInstance()
    {
        using var node = new TestNode(host, "plant-a");
        node.Config.Add("drop", "DropInPlugin", new { periodMs = 100 }).Add("off", "DropInPlugin", enabled: false);
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var status = await node.StatusAsync();

        Assert.Equal("plant-a", status["node"]!.GetValue<string>());
        Assert.Equal("0.1.0", status["hostVersion"]!.GetValue<string>());
        Assert.Equal(ContractsVersion, status["contractsVersion"]!.GetValue<string>());
        Assert.Equal("Standalone", status["mode"]!.GetValue<string>());
        Assert.Equal("Active", status["role"]!.GetValue<string>());
        Assert.Equal(node.ApiPort, status["apiPort"]!.GetValue<int>());
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", status["certificateFingerprint"]!.GetValue<string>());
        var drop = status["modules"]!.AsArray().Single(m => m!["instance"]!.GetValue<string>() == "drop")!;
        Assert.Equal("DropInPlugin", drop["module"]!.GetValue<string>());
        Assert.Equal("1.2.3", drop["version"]!.GetValue<string>());
        Assert.Equal("Active", drop["state"]!.GetValue<string>());
        var off = status["modules"]!.AsArray().Single(m => m!["instance"]!.GetValue<string>() == "off")!;
        Assert.Equal("Stopped", off["state"]!.GetValue<string>());
        Assert.False(off["enabled"]!.GetValue<bool>());
        Assert.NotNull(status["tagBus"]);
    }

    [Fact]
    public async Task DroppedPlugin_RunsWithoutRebuildingTheHost_AndItsTagsAreVisible()
    {
        Assert.False(File.Exists(Path.Combine(host.PluginsDirectory, "DropInPlugin", "N3Host.Contracts.dll")), "the plugin must not carry its own contracts");
        using var node = new TestNode(host);
        node.Config.Add("dropped", "DropInPlugin", new { periodMs = 50, text = "from a dropped plugin" });
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        await Eventually.TrueAsync(async () => (await node.TagsAsync("dropped/*")).Any(t => t!["path"]!.GetValue<string>() == "dropped/hello" && t["value"]!.GetValue<double>() >= 2),
            Patience, "the dropped plugin publishes dropped/hello");

        var tags = await node.TagsAsync("dropped/t?xt");
        var text = Assert.Single(tags)!;
        Assert.Equal("from a dropped plugin", text["value"]!.GetValue<string>());
        Assert.Equal("Text", text["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task PluginWithoutModuleType_IsRefused_TheOthersRun()
    {
        using var node = new TestNode(host);
        node.Config.Add("empty", "NoModulePlugin").Add("drop", "DropInPlugin");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var empty = (await node.InstanceAsync("empty"))!;
        Assert.Equal("Refused", empty["state"]!.GetValue<string>());
        Assert.Contains("plugin NoModulePlugin has no module type", empty["lastError"]!.GetValue<string>());
        Assert.Equal("Active", await node.StateAsync("drop"));
    }

    [Fact]
    public async Task PluginBuiltAgainstContracts2_IsRefused_NamingBothVersions_TheOthersRun()
    {
        using var node = new TestNode(host);
        node.Config.Add("future", FutureContractsPlugin.Name).Add("drop", "DropInPlugin");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var future = (await node.InstanceAsync("future"))!;
        Assert.Equal("Refused", future["state"]!.GetValue<string>());
        var error = future["lastError"]!.GetValue<string>();
        Assert.Contains("N3Host.Contracts 2.0.0.0", error);
        Assert.Contains($"N3Host.Contracts {ContractsVersion}", error);
        Assert.Equal("Active", await node.StateAsync("drop"));
        Assert.Contains(process.Lines, l => l.Contains("future refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VersionRangeThatDoesNotAdmitThePlugin_IsRefused_NamingBothVersions()
    {
        using var node = new TestNode(host);
        node.Config.Add("old", "DropInPlugin", version: "[2.0,3.0)").Add("ok", "DropInPlugin", version: "[1.0,2.0)");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var old = (await node.InstanceAsync("old"))!;
        Assert.Equal("Refused", old["state"]!.GetValue<string>());
        Assert.Equal("instance old wants DropInPlugin version [2.0,3.0), the installed plugin is version 1.2.3", old["lastError"]!.GetValue<string>());
        Assert.Equal("Active", await node.StateAsync("ok"));
    }

    [Theory]
    [InlineData("constructor")]
    [InlineData("start")]
    public async Task ModuleThatThrowsWhileStarting_IsFaulted_ThenRestarted_HostStaysUp(string throwIn)
    {
        using var node = new TestNode(host, restartBackoffMs: 300);
        node.Config.Add("faulty", "FaultyPlugin", new { throwIn, failures = 2 }).Add("drop", "DropInPlugin");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        await Eventually.TrueAsync(async () => await node.StateAsync("faulty") == "Active", Patience, "the faulty module runs after its restarts");

        var faulty = (await node.InstanceAsync("faulty"))!;
        Assert.Contains($"{throwIn}: InvalidOperationException: faulty {throwIn} (incarnation 2)", faulty["lastError"]!.GetValue<string>());
        Assert.Contains(process.Lines, l => l.Contains("faulty restarts in 300 ms", StringComparison.Ordinal));
        Assert.Contains(process.Lines, l => l.Contains("faulty restarts in 600 ms", StringComparison.Ordinal));
        Assert.Equal("Active", await node.StateAsync("drop"));
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task ModuleThatFaultsWhileRunning_IsRestartedAgainAndAgain_HostStaysUp()
    {
        using var node = new TestNode(host, restartBackoffMs: 100);
        node.Config.Add("faulty", "FaultyPlugin", new { throwIn = "later", laterMs = 200 }).Add("drop", "DropInPlugin");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        await Eventually.TrueAsync(async () => (await node.TagsAsync("faulty/incarnation")).SingleOrDefault()?["value"]?.GetValue<double>() >= 3,
            Patience, "the faulty module is restarted after each fault");

        Assert.Contains("running: InvalidOperationException: faulty while running", (await node.InstanceAsync("faulty"))!["lastError"]!.GetValue<string>());
        Assert.Equal("Active", await node.StateAsync("drop"));
        Assert.False(process.HasExited);
    }

    [Fact]
    public async Task Sigterm_StopsEveryInstanceInReverseOrder_AndExitsZero()
    {
        using var node = new TestNode(host);
        node.Config.Add("first", "DropInPlugin").Add("second", "DropInPlugin").Add("third", "DropInPlugin");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        process.Terminate();

        Assert.Equal(0, await process.WaitForExitAsync(Patience));
        var stops = process.Lines.Where(l => l.Contains(" stopped", StringComparison.Ordinal) && l.Contains("Supervisor", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, stops.Count);
        Assert.Contains("third stopped", stops[0]);
        Assert.Contains("second stopped", stops[1]);
        Assert.Contains("first stopped", stops[2]);
    }

    [Fact]
    public async Task FailoverAndHistory_OnAStandaloneNode_AreRefusedWithAReason()
    {
        using var node = new TestNode(host);
        node.Config.Add("drop", "DropInPlugin");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var failover = await node.CliAsync("failover");
        var history = await node.CliAsync("history", "drop/hello", "--from", "-10m");

        Assert.Equal(3, failover.ExitCode);
        Assert.Equal("n3host: this node is standalone: no redundancy module is running (add the Redundancy module to modules.json)", failover.StdErr.Trim());
        Assert.Equal(3, history.ExitCode);
        Assert.Contains("no historian is running on this node", history.StdErr);
    }

    [Fact]
    public async Task CertShow_WithoutARunningNode_PrintsTheSameCertificateTheNodeServes()
    {
        using var node = new TestNode(host);
        node.Config.Add("drop", "DropInPlugin");
        node.Config.WriteTo(node.ConfigPath);

        var shown = await node.CliAsync("cert", "show");
        Assert.Equal(0, shown.ExitCode);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", shown.StdOut);
        Assert.True(File.Exists(Path.Combine(node.DataDirectory, "certs", "node.key")));

        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);
        using var http = NodeApiClient.Create(node.ApiPort, node.DataDirectory);
        var served = await http.GetStringAsync(new Uri("api/cert", UriKind.Relative));
        Assert.Equal(shown.StdOut, served);
    }

    [Fact]
    public async Task ModulesCommand_ListsInstalledPluginsWithTheirChecks_WithoutStartingThem()
    {
        using var node = new TestNode(host);
        node.Config.Add("drop", "DropInPlugin").Add("future", FutureContractsPlugin.Name);
        node.Config.WriteTo(node.ConfigPath);

        var result = await node.CliAsync("modules", "--json");

        Assert.Equal(3, result.ExitCode);
        var report = JsonNode.Parse(result.StdOut)!;
        var plugins = report["plugins"]!.AsArray();
        Assert.Equal("ok", plugins.Single(p => p!["name"]!.GetValue<string>() == "DropInPlugin")!["check"]!.GetValue<string>());
        Assert.Contains("has no module type", plugins.Single(p => p!["name"]!.GetValue<string>() == "NoModulePlugin")!["check"]!.GetValue<string>());
        Assert.Contains("N3Host.Contracts 2.0.0.0", plugins.Single(p => p!["name"]!.GetValue<string>() == FutureContractsPlugin.Name)!["check"]!.GetValue<string>());
        Assert.False(Directory.Exists(node.DataDirectory), "modules starts nothing and writes no data");
    }

    [Fact]
    public async Task StatusOfANodeThatIsNotRunning_SaysSo_ExitCode2()
    {
        using var node = new TestNode(host);
        node.Config.WriteTo(node.ConfigPath);

        var result = await node.CliAsync("status");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"n3host: cannot reach node itest at http://127.0.0.1:{node.ApiPort}/", result.StdErr);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task VersionAndInterfaces_Work()
    {
        var version = await host.CliAsync("version");
        var interfaces = await host.CliAsync("interfaces");

        Assert.Equal(0, version.ExitCode);
        Assert.Contains("n3host 0.1.0", version.StdOut);
        Assert.Contains($"contracts {ContractsVersion}", version.StdOut);
        Assert.Equal(0, interfaces.ExitCode);
        Assert.Contains("127.0.0.1", interfaces.StdOut);
    }
}
