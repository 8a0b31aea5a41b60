using System.Text.Json.Nodes;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>A redundant node reports its configured mode and standby from its first API answer: a dashboard never sees a second active node.</summary>
public sealed class StartRoleProcessTests
{
    private static (string Config, int ApiPort) BackupNode(TempDirectory folder, string remoteCertificate, int? apiPortGiven = null)
    {
        var apiPort = apiPortGiven ?? FreePort.Get();
        var config = Path.Combine(folder.Path, "modules.json");
        new NodeConfig("node-b", Path.Combine(folder.Path, "data"), apiPort)
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "backup",
                ["remoteCertificate"] = remoteCertificate,
                // Nothing listens there, and the timeout is long: the backup stays standby for the whole test.
                ["connection"] = new JsonObject { ["host"] = "127.0.0.1", ["port"] = FreePort.Get(), ["connectionTimeout"] = 120_000, ["reconnectDelay"] = 100 },
                ["mqtt"] = new JsonObject { ["enabled"] = false },
            })
            .Add("sim", "Simulator", new { periodMs = 50, tags = new[] { new { path = "sim/counter", type = "counter", min = 0, max = 1000, step = 1 } } })
            .WriteTo(config);
        return (config, apiPort);
    }

    [Fact]
    public async Task AStartingBackup_AnswersBackupAndStandby_FromItsFirstAnswer()
    {
        using var folder = new TempDirectory("n3host-startrole");
        var (config, apiPort) = BackupNode(folder, "peer.pem");

        // Any valid certificate will do as the peer's: nothing answers at the primary's address.
        var pem = await HostCli.RunAsync("cert", "show", "--config", config);
        Assert.True(pem.ExitCode == 0, pem.Output);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "peer.pem"), pem.StdOut);
        await using var poller = new RolePoller(TimeSpan.FromMilliseconds(5), ("node-b", apiPort, Path.Combine(folder.Path, "data")));
        await using var node = NodeProcess.Start(config);

        await Poll.UntilAsync(() => node.Lines.Any(l => l.Contains("Redundancy: Backup node is now Standby", StringComparison.Ordinal)), "the redundancy module decided",
            diagnostics: () => node.Output);
        await Poll.UntilAsync(() => poller.Answers("node-b").Count(a => a.Reason?.Contains("waiting for the primary", StringComparison.Ordinal) == true) >= 5,
            "the API answers with the module's reason", diagnostics: () => node.Output);

        var answers = poller.Answers("node-b");
        Assert.All(answers, a => Assert.True(a is { Mode: "Backup", Role: "Standby" }, $"answer at {a.At.TotalMilliseconds:0} ms: {a}"));
    }

    [Fact]
    public async Task ABackupWhoseRedundancyModuleCannotStart_StaysBackupAndStandby_AndRunsNoActiveOnlyModule()
    {
        using var folder = new TempDirectory("n3host-startrole");
        var (config, apiPort) = BackupNode(folder, "missing-peer.pem");
        await using var node = NodeProcess.Start(config);
        await using var poller = new RolePoller(TimeSpan.FromMilliseconds(20), ("node-b", apiPort, Path.Combine(folder.Path, "data")));

        await Poll.UntilAsync(() => node.Lines.Any(l => l.Contains("missing-peer.pem", StringComparison.Ordinal)), "the redundancy module's start fails", diagnostics: () => node.Output);
        await Poll.UntilAsync(() => poller.Answers("node-b").Count >= 10, "the API answers", diagnostics: () => node.Output);
        Assert.Contains("starting: the redundancy instance 'redundancy' decides the role", poller.Answers("node-b")[^1].Reason);

        Assert.All(poller.Answers("node-b"), a => Assert.True(a is { Mode: "Backup", Role: "Standby" }, $"answer at {a.At.TotalMilliseconds:0} ms: {a}"));
        var tags = await HostCli.RunAsync("tags", "--config", config, "--json");
        Assert.DoesNotContain("sim/counter", tags.StdOut);
    }
}
