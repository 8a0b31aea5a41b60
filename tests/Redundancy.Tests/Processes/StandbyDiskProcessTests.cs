using System.Diagnostics;
using System.Text.Json.Nodes;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>
/// The standby's disk fills up (a real tmpfs of 32 MiB under its data folder, both cores busy): the peer's records cannot
/// be applied there. That must not look like a broken link: the pair stays as it is, the backup says why, and once space
/// is back it holds every value the primary holds.
/// </summary>
[Collection(JournalPluginCollection.Name)]
public sealed class StandbyDiskProcessTests(ITestOutputHelper output)
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<JsonNode> StatusAsync(string config)
    {
        var result = await HostCli.RunAsync("status", "--json", "--config", config);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"n3host status failed ({result.ExitCode}): {result.Output}");
        return JsonNode.Parse(result.StdOut)!;
    }

    private static JsonNode Redundancy(JsonNode status) =>
        status["modules"]!.AsArray().Single(m => m!["instance"]!.GetValue<string>() == "redundancy")!;

    [SkippableFact]
    public async Task StandbyDiskFull_ThePairStaysAsItIs_TheBackupIsDegradedSayingDiskFull_AndOnceSpaceIsBackItHoldsEveryValue()
    {
        await using var pair = await ProcessPair.CreateAsync(sampling: true, backupDiskKiB: 32 * 1024);
        if (pair.BackupDisk is null)
            output.WriteLine($"SKIPPED: {pair.BackupDiskReason}");
        Skip.If(pair.BackupDisk is null, pair.BackupDiskReason);
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
        using var load = CpuLoad.OnEveryCore();
        var start = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(
            async () => (await NodeQueries.HistoryAsync(pair.BackupConfig, SamplingConfig.Counter, start.AddMinutes(-1), DateTimeOffset.UtcNow)).Count >= 10,
            Patience, "the backup holds the primary's values");

        var filler = pair.BackupDisk!.Fill();
        JsonNode status = null!;
        try
        {
            await Eventually.TrueAsync(
                async () => Redundancy(status = await StatusAsync(pair.BackupConfig))["state"]!.GetValue<string>() == "Degraded",
                Patience, "the backup's redundancy module degraded");
        }
        catch (TimeoutException)
        {
            output.WriteLine(status?.ToJsonString() ?? "no status");
            output.WriteLine(backup.Output);
            throw;
        }

        output.WriteLine(status.ToJsonString());
        var condition = Redundancy(status)["lastError"]!.GetValue<string>();
        Assert.Matches($@"^the peer's stored data wait: historian/history(/accepted)?: disk full at {System.Text.RegularExpressions.Regex.Escape(pair.BackupData)}\S* \(\d+ bytes free\)$", condition);
        var sync = status["services"]!["redundancy"]!["sync"]!;
        Assert.Equal("held", sync["state"]!.GetValue<string>());
        Assert.Contains("disk full at", sync["held"]!.GetValue<string>(), StringComparison.Ordinal);

        // While the disk stays full the pair stays as it is: no failover, no link dropped and remade, no fault.
        var backupLines = backup.Lines.Count;
        var primaryLines = primary.Lines.Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal("active", await NodeQueries.RoleAsync(pair.PrimaryConfig));
        Assert.Equal("standby", await NodeQueries.RoleAsync(pair.BackupConfig));
        var since = backup.Lines.Skip(backupLines).Concat(primary.Lines.Skip(primaryLines)).ToList();
        Assert.DoesNotContain(since, l => l.Contains("is now Active", StringComparison.Ordinal) || l.Contains("is now Standby", StringComparison.Ordinal));
        Assert.DoesNotContain(since, l => l.Contains("sync session ended", StringComparison.Ordinal) || l.Contains("faulted in", StringComparison.Ordinal));
        Assert.False(backup.HasExited);

        // Space comes back: the held records are applied, the module is Active again, and the backup holds what the primary holds.
        File.Delete(filler);
        var freed = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () =>
            {
                var now = await StatusAsync(pair.BackupConfig);
                return Redundancy(now)["state"]!.GetValue<string>() == "Active" && now["services"]!["redundancy"]!["sync"]!["held"] is null;
            },
            Patience, "the held records applied once space came back");
        output.WriteLine($"applied again {freed.ElapsedMilliseconds} ms after the filler was deleted");

        var to = DateTimeOffset.UtcNow.AddSeconds(-2);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var onPrimary = (await NodeQueries.HistoryAsync(pair.PrimaryConfig, SamplingConfig.Counter, start, to)).ToHashSet();
        var onBackup = (await NodeQueries.HistoryAsync(pair.BackupConfig, SamplingConfig.Counter, start, to)).ToHashSet();
        Assert.True(onPrimary.Count > 50, $"the primary stored {onPrimary.Count} samples");
        Assert.True(onPrimary.SetEquals(onBackup),
            $"the nodes differ: {onPrimary.Except(onBackup).Count()} only on the primary, {onBackup.Except(onPrimary).Count()} only on the backup");
    }
}
