using System.Text.Json.Nodes;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.ConfigSync;

/// <summary>
/// Two real n3host processes running the journal test plugin: a setting changed on the primary and reloaded reaches the backup's
/// modules.json and its running instance; a setting changed on the backup while it was the only node up is in the restarted
/// primary's modules.json and running instance before the primary goes active.
/// </summary>
[Collection(JournalPluginCollection.Name)]
public sealed class ConfigSyncProcessTests(JournalPluginInstall install)
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";

    private static long PeriodMs(JsonNode status) => SyncPair.JournalPeriod(status);

    private static JsonNode? Config(JsonNode status) => SyncPair.Redundancy(status)?["config"];

    private static long Counter(JsonNode? revision) => revision?["counter"]?.GetValue<long>() ?? 0;

    private static JsonObject Redundancy(JsonNode file) =>
        SyncPair.Instance(file, "redundancy");

    [Fact]
    public async Task SettingChangedOnThePrimary_AndReloaded_ReachesTheBackupsFileAndRunningInstance_KeepingItsOwnPart()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins) { InitialStandbyMs = 3_000, Broker = broker.Uri });
        pair.StartPrimary();
        var backup = pair.StartBackup();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby" && Config(s)?["state"]?.GetValue<string>() == "inSync",
            "the backup is standby with the configuration in sync");
        var backupRedundancy = Redundancy(SyncPair.ReadConfig(pair.BackupConfig)).ToJsonString();
        var lines = backup.Lines.Count;

        SyncPair.SetJournalPeriod(pair.PrimaryConfig, 170);
        var reload = await HostCli.RunAsync("reload", "--config", pair.PrimaryConfig);

        Assert.True(reload.ExitCode == 0, reload.Output);
        Assert.Contains("restarted: journal", reload.StdOut, StringComparison.Ordinal);
        var primary = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => PeriodMs(s) == 170, "the primary's journal runs with periodMs 170");
        var synced = await SyncPair.StatusWhenAsync(pair.BackupConfig, s => PeriodMs(s) == 170 && Config(s)?["state"]?.GetValue<string>() == "inSync",
            "the backup's journal runs with periodMs 170", timeoutSeconds: 60);

        // The backup's file holds the change, and its own part (node section, redundancy instance) is as it was.
        Assert.Equal(170, SyncPair.JournalFilePeriod(pair.BackupConfig));
        var file = SyncPair.ReadConfig(pair.BackupConfig);
        Assert.Equal("node-b", file["node"]!["name"]!.GetValue<string>());
        Assert.Equal(backupRedundancy, Redundancy(file).ToJsonString());
        Assert.True(File.Exists(pair.BackupConfig + ".bak"));

        // Both nodes show the same revision, one higher than before, made by the primary.
        var revision = Config(synced)!["revision"];
        Assert.Equal(Counter(Config(primary)!["revision"]), Counter(revision));
        Assert.Equal("node-a", revision!["node"]!.GetValue<string>());
        Assert.Equal(Counter(revision), Counter(Config(synced)!["peerRevision"]));
        Assert.Equal("node-a", Config(synced)!["lastApplied"]!["from"]!.GetValue<string>());
        Assert.Equal(["journal"], Config(synced)!["lastApplied"]!["restarted"]!.AsArray().Select(n => n!.GetValue<string>()));

        // Only the journal instance restarted on the backup: the redundancy instance kept running (no new start logged).
        await ProcessPair.LineAsync(backup, lines, "Configuration from peer node-a applied");
        Assert.DoesNotContain(backup.Lines.Skip(lines), l => l.Contains("Starting redundancy", StringComparison.Ordinal));
        Assert.Equal("standby", SyncPair.Role(synced));

        // Dashboards see the same on the backup's retained redundancy topic.
        await Poll.UntilAsync(() => subscriber.LatestJson("n3host/node-b/redundancy")?["config"] is { } config
                && config["state"]?.GetValue<string>() == "inSync" && Counter(config["revision"]) == Counter(revision)
                && config["lastApplied"]?["from"]?.GetValue<string>() == "node-a",
            "the backup's redundancy topic shows the applied revision", diagnostics: subscriber.Dump);
    }

    [Fact]
    public async Task BadFileOnReload_ChangesNothing_ExitCode1_AndSaysWhere()
    {
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins) { InitialStandbyMs = 1_000 });
        pair.StartPrimary();
        var before = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active", "the primary is active alone");
        var text = await File.ReadAllTextAsync(pair.PrimaryConfig);

        // Valid JSON the CLI can read, but a setting the node refuses.
        var file = SyncPair.ReadConfig(pair.PrimaryConfig);
        SyncPair.Instance(file, "journal")["enabled"] = "yes";
        await File.WriteAllTextAsync(pair.PrimaryConfig, file.ToJsonString());
        var refused = await HostCli.RunAsync("reload", "--config", pair.PrimaryConfig);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("instance \"journal\": enabled: must be true or false", refused.StdErr, StringComparison.Ordinal);

        // The node said why, and keeps it in its status; its revision and running instance are unchanged.
        await File.WriteAllTextAsync(pair.PrimaryConfig, text);
        var after = await SyncPair.StatusAsync(pair.PrimaryConfig);
        Assert.Equal(Counter(Config(before)!["revision"]), Counter(after!["services"]!["configuration"]!["revision"]));
        Assert.Contains("must be true or false", after["services"]!["configuration"]!["lastError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Malformed JSON: the CLI's own reading of the file says where.
        await File.WriteAllTextAsync(pair.PrimaryConfig, text.Replace("\"modules\"", "\"modules\" oops", StringComparison.Ordinal));
        var malformed = await HostCli.RunAsync("reload", "--config", pair.PrimaryConfig);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Matches("malformed JSON at line [0-9]+, position [0-9]+", malformed.StdErr);
        await File.WriteAllTextAsync(pair.PrimaryConfig, text);
        var still = (await SyncPair.StatusAsync(pair.PrimaryConfig))!;
        Assert.Equal(50, PeriodMs(still));
        Assert.Equal(Counter(Config(before)!["revision"]), Counter(still["services"]!["configuration"]!["revision"]));
    }

    [Fact]
    public async Task SettingChangedOnTheActiveBackup_WhileThePrimaryIsDown_IsInThePrimaryBeforeItGoesActive()
    {
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins) { InitialStandbyMs = 5_000 });
        var primary = pair.StartPrimary();
        pair.StartBackup();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby" && Config(s)?["state"]?.GetValue<string>() == "inSync",
            "the backup is standby with the configuration in sync");

        primary.Kill();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "active", "the backup is active");
        SyncPair.SetJournalPeriod(pair.BackupConfig, 230);
        var reload = await HostCli.RunAsync("reload", "--config", pair.BackupConfig);
        Assert.True(reload.ExitCode == 0, reload.Output);
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => PeriodMs(s) == 230, "the backup's journal runs with periodMs 230");
        Assert.Equal(50, SyncPair.JournalFilePeriod(pair.PrimaryConfig));

        primary = pair.StartPrimary();
        var active = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active", "the restarted primary is active", timeoutSeconds: 60);

        // Before the primary reported active it had written the backup's change to its file and restarted its journal with it.
        var lines = primary.Lines.ToList();
        var applied = lines.FindIndex(l => l.Contains("Configuration from peer node-b applied", StringComparison.Ordinal));
        var restarted = lines.FindIndex(l => l.Contains("New configuration applied: 0 instance(s) added, 1 restarted", StringComparison.Ordinal));
        var activated = lines.FindIndex(l => l.Contains(PrimaryActive, StringComparison.Ordinal));
        Assert.True(applied >= 0 && restarted >= 0 && restarted < activated && applied < activated, primary.Output);
        Assert.Equal(230, SyncPair.JournalFilePeriod(pair.PrimaryConfig));
        Assert.Equal(230, PeriodMs(active));
        Assert.Equal("node-a", SyncPair.ReadConfig(pair.PrimaryConfig)["node"]!["name"]!.GetValue<string>());
        Assert.Equal("primary", Redundancy(SyncPair.ReadConfig(pair.PrimaryConfig))["settings"]!["mode"]!.GetValue<string>());
        var config = Config(active)!;
        Assert.Equal("node-b", config["revision"]!["node"]!.GetValue<string>());
        Assert.Equal("node-b", config["lastApplied"]!["from"]!.GetValue<string>());
    }
}
