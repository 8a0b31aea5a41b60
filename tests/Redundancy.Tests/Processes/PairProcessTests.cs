using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>Two real n3host processes on loopback: crashes, restarts, freezes, wrong certificates.</summary>
public sealed class PairProcessTests
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";
    private const string PrimaryStandby = "Redundancy: Primary node is now Standby";
    private const string BackupActive = "Redundancy: Backup node is now Active";
    private const string BackupStandby = "Redundancy: Backup node is now Standby";

    private static async Task StartPairedAsync(ProcessPair pair)
    {
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
    }

    private static bool Role(MqttSubscriber subscriber, string node, string role) =>
        subscriber.LatestJson($"n3host/{node}/redundancy")?["role"]?.GetValue<string>() == role;

    [Fact]
    public async Task Backup_BecomesActive_WhenPrimaryProcessIsKilled_AndDashboardsSeeIt_ThenThePrimaryTakesBackAfterARestart()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = await ProcessPair.CreateAsync(broker: broker.Uri);
        await StartPairedAsync(pair);
        await Poll.UntilAsync(() => Role(subscriber, "node-a", "active") && Role(subscriber, "node-b", "standby"), "the subscriber sees the pair", diagnostics: subscriber.Dump);

        var backupLines = pair.Backup!.Lines.Count;
        pair.Primary!.Kill();

        var line = await ProcessPair.LineAsync(pair.Backup, backupLines, BackupActive);
        Assert.Contains("the primary is unavailable", line);
        await Poll.UntilAsync(() => Role(subscriber, "node-b", "active") && subscriber.Latest("n3host/node-a/status") == "offline",
            "the subscriber sees the backup active and the primary's offline will", diagnostics: subscriber.Dump);

        backupLines = pair.Backup.Lines.Count;
        var primary = pair.StartPrimary();

        await ProcessPair.LineAsync(pair.Backup, backupLines, BackupStandby);
        var active = await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        Assert.Contains("failback", active);
        await Poll.UntilAsync(() => Role(subscriber, "node-a", "active") && Role(subscriber, "node-b", "standby")
            && subscriber.Latest("n3host/node-a/status") == "online", "the subscriber sees the primary back", diagnostics: subscriber.Dump);
        var status = await HostCli.RunAsync("status", "--config", pair.BackupConfig, "--json");
        Assert.Contains("\"role\": \"standby\"", status.StdOut);
    }

    [Fact]
    public async Task Backup_BecomesActive_AfterTheTimeout_WhenThePrimaryFreezes_AndTheResumedPrimaryDoesNotStayActiveBesideIt()
    {
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 1_000);
        await StartPairedAsync(pair);

        var backupLines = pair.Backup!.Lines.Count;
        var primaryLines = pair.Primary!.Lines.Count;
        pair.Primary.Freeze();

        var line = await ProcessPair.LineAsync(pair.Backup, backupLines, BackupActive);
        Assert.Contains("no valid frame from the peer for 1000 ms", line);

        backupLines = pair.Backup.Lines.Count;
        pair.Primary.Resume();

        // The resumed primary finds it was frozen and fences itself (standby) before anything else, then takes back by failback.
        var stepDown = await ProcessPair.LineAsync(pair.Primary, primaryLines, PrimaryStandby);
        Assert.Contains("fenced: this node was frozen for", stepDown);
        await ProcessPair.LineAsync(pair.Backup, backupLines, BackupStandby);
        await ProcessPair.LineAsync(pair.Primary, pair.Primary.Lines.ToList().IndexOf(stepDown), PrimaryActive);
    }

    [Fact]
    public async Task FailoverAndFailback_FromTheCli_MoveTheActiveRole_AndStatusShowsIt()
    {
        await using var pair = await ProcessPair.CreateAsync();
        await StartPairedAsync(pair);
        var backupLines = pair.Backup!.Lines.Count;
        var primaryLines = pair.Primary!.Lines.Count;

        var failover = await HostCli.RunAsync("failover", "--config", pair.PrimaryConfig);

        Assert.True(failover.ExitCode == 0, failover.Output);
        Assert.Contains("node-b takes the active role", failover.StdOut);
        await ProcessPair.LineAsync(pair.Backup, backupLines, BackupActive);
        var status = await HostCli.RunAsync("status", "--config", pair.PrimaryConfig, "--json");
        Assert.Contains("standby after a forced failover", status.StdOut);

        var refused = await HostCli.RunAsync("failover", "--config", pair.PrimaryConfig);
        Assert.Contains("this node is standby; run failover on the active node (node-b)", refused.Output);

        var failback = await HostCli.RunAsync("failback", "--config", pair.PrimaryConfig);
        Assert.True(failback.ExitCode == 0, failback.Output);
        await ProcessPair.LineAsync(pair.Primary, primaryLines, PrimaryActive);
        await ProcessPair.LineAsync(pair.Backup, backupLines, BackupStandby);
    }

    [Fact]
    public async Task WrongCertificate_NoPairing_AndAClearReasonInBothLogs()
    {
        await using var pair = await ProcessPair.CreateAsync(wrongCertificate: true);
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();

        try
        {
            await ProcessPair.LineAsync(primary, 0, "is not the configured remoteCertificate");
        }
        catch (TimeoutException e)
        {
            // Say what the backup was doing too (it is the one that connects).
            throw new TimeoutException($"{e.Message}\nbackup (exited: {backup.HasExited}):\n{backup.Output}", e);
        }

        await ProcessPair.LineAsync(backup, 0, "check that each node's remoteCertificate is the other node's 'n3host cert show'");

        Assert.DoesNotContain(primary.Lines, l => l.Contains("paired with", StringComparison.Ordinal));
        Assert.DoesNotContain(backup.Lines, l => l.Contains("paired with", StringComparison.Ordinal));
        Assert.False(primary.HasExited);
        Assert.False(backup.HasExited);
    }
}
