using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary><c>n3host drill</c> on a real pair with a counter and a historian on each node, and a real Mosquitto.</summary>
public sealed class DrillProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Drill_AsksForConfirmation_ThenHandsTheRoleToTheStandbyAndBack_AndPrintsWhatItMeasured()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var pair = await ProcessPair.CreateAsync(broker: broker.Uri, sampling: true);
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(primary, 0, "Redundancy: Primary node is now Active");
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
        await Eventually.TrueAsync(async () => (await NodeQueries.HistoryAsync(pair.PrimaryConfig, SamplingConfig.Counter, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1))).Count >= 10,
            TimeSpan.FromSeconds(30), "the primary stores the counter");

        var unconfirmed = await HostCli.RunAsync("drill", "--config", pair.PrimaryConfig);
        Assert.NotEqual(0, unconfirmed.ExitCode);
        Assert.Contains("run it again with --yes", unconfirmed.Output);
        Assert.DoesNotContain(backup.Lines, l => l.Contains("Backup node is now Active", StringComparison.Ordinal));

        var onBackup = await HostCli.RunAsync("drill", "--yes", "--config", pair.BackupConfig);
        Assert.NotEqual(0, onBackup.ExitCode);
        Assert.Contains("the drill runs on the primary", onBackup.Output);

        var drill = await HostCli.RunAsync("drill", "--yes", "--tag", SamplingConfig.Counter, "--config", pair.PrimaryConfig);

        Assert.True(drill.ExitCode == 0, drill.Output + "\n--- primary:\n" + primary.Output);
        output.WriteLine(drill.StdOut);
        Assert.Contains("standby active after", drill.StdOut);
        Assert.Contains("role change acknowledged on MQTT after", drill.StdOut);
        Assert.Contains("primary active again after the hand-back", drill.StdOut);
        Assert.Matches(@"data gap: sim/counter: largest step between stored values \d+ ms \(median period 100 ms", drill.StdOut);
        Assert.Contains(backup.Lines, l => l.Contains("Backup node is now Active", StringComparison.Ordinal));
        Assert.Equal("active", await NodeQueries.RoleAsync(pair.PrimaryConfig));
        Assert.Equal("standby", await NodeQueries.RoleAsync(pair.BackupConfig));
    }
}
