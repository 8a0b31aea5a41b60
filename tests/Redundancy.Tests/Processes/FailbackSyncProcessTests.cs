using System.Text.Json.Nodes;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>
/// Two real n3host processes, each journaling with the test plugin: nothing the backup wrote is lost on failback, whether the
/// hand-over completes or the backup is killed in the middle of it; a pair with different versions refuses to synchronize.
/// </summary>
[Collection(JournalPluginCollection.Name)]
public sealed class FailbackSyncProcessTests(JournalPluginInstall install)
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";

    private static bool HasActivated(JsonNode status) => status["services"]?[SyncPair.JournalSection]?["atActivation"] is not null;

    /// <summary>What the journal held from <paramref name="origin"/> when the node last became active (null: nothing).</summary>
    private static JsonNode? AtActivation(JsonNode status, string origin) =>
        status["services"]?[SyncPair.JournalSection]?["atActivation"]?["journal"]?["origins"]?[origin];

    // Null while a just-started node has no redundancy section yet: the polls below read through it.
    private static JsonNode? Sync(JsonNode status) => SyncPair.Redundancy(status)?["sync"];

    private static long Long(JsonNode? node, string name) => node?[name]?.GetValue<long>() ?? 0;

    private static string? Text(JsonNode? node, string name) => node?[name]?.GetValue<string>();

    [Fact]
    public async Task RestartedPrimary_HoldsEveryRecordTheBackupWrote_BeforeItGoesActive()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins) { Broker = broker.Uri });
        var primary = pair.StartPrimary();
        pair.StartBackup();

        // Continuous replication: the standby backup holds what the active primary journals.
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby" && SyncPair.Count(s, "node-a") >= 20,
            "the standby backup holds at least 20 of the primary's records");

        primary.Kill();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "active" && SyncPair.Count(s, "node-b") >= 40,
            "the backup is active and has journaled at least 40 records");

        primary = pair.StartPrimary();
        var active = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active" && HasActivated(s),
            "the restarted primary is active");
        var backup = await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby", "the backup is standby");

        // What the primary held at the moment it went active is exactly what the backup wrote: same count, same content.
        var wrote = SyncPair.Origin(backup, "node-b")!;
        var held = AtActivation(active, "node-b");
        Assert.True(Long(wrote, "count") >= 40, $"the backup wrote {wrote}");
        Assert.Equal(Long(wrote, "count"), Long(held, "count"));
        Assert.Equal(Text(wrote, "digest"), Text(held, "digest"));
        Assert.Equal(Long(held, "count"), Long(held, "lastSequence"));
        Assert.Equal(0, Long(held, "duplicates"));

        // The hand-over came before the activation, and the primary did not go active without it.
        var lines = primary.Lines.ToList();
        var handedOver = lines.FindIndex(l => l.Contains("Failback hand-over: applied everything node-b held", StringComparison.Ordinal));
        var activated = lines.FindIndex(l => l.Contains(PrimaryActive, StringComparison.Ordinal));
        Assert.True(handedOver >= 0 && handedOver < activated, primary.Output);
        var sync = Sync(active)!;
        Assert.Null(sync["late"]);
        Assert.True(sync["inbound"]!["caughtUp"]!.GetValue<bool>());
        Assert.True(Long(sync["inbound"], "appliedRecords") >= Long(wrote, "count"), sync.ToJsonString());

        // Dashboards see the sync object on the redundancy topic.
        await Poll.UntilAsync(() => subscriber.LatestJson("n3host/node-a/redundancy")?["sync"]?["state"]?.GetValue<string>() == "following"
            && subscriber.LatestJson("n3host/node-a/redundancy")?["role"]?.GetValue<string>() == "active",
            "the primary's redundancy topic shows the sync following", diagnostics: subscriber.Dump);
        var published = subscriber.LatestJson("n3host/node-a/redundancy")!["sync"]!;
        Assert.True(Long(published["inbound"], "records") >= Long(wrote, "count"), published.ToJsonString());
        Assert.NotNull(published["inbound"]!["percent"]);
    }

    [Fact]
    public async Task BackupKilledInTheMiddleOfTheSync_PrimaryGoesActiveAfterTheWindow_AndTheRecordsMergeLaterReportedAsLate()
    {
        // One record per batch and one batch in flight: the hand-over of thousands of records takes seconds.
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins)
        {
            InitialStandbyMs = 4_000,
            RecordsPerTick = 200,
            PayloadBytes = 100,
            Sync = new JsonObject { ["maxBatchRecords"] = 1, ["maxUnacknowledgedBatches"] = 1 },
        });
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby" && SyncPair.Count(s, "node-a") > 0,
            "the backup is standby and replicating");

        primary.Kill();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "active" && SyncPair.Count(s, "node-b") >= 10_000,
            "the backup is active and has journaled at least 10 000 records");

        primary = pair.StartPrimary();
        var midway = await SyncPair.StatusWhenAsync(pair.PrimaryConfig,
            s => Long(Sync(s)?["inbound"], "appliedRecords") > 0 && Sync(s)?["inbound"]?["caughtUp"]?.GetValue<bool>() == false,
            "the primary is receiving the backup's records");
        backup.Kill();
        Assert.Equal("standby", SyncPair.Role(midway));

        var active = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active" && HasActivated(s),
            "the primary goes active without the backup");
        Assert.DoesNotContain(primary.Lines, l => l.Contains("Failback hand-over: applied everything", StringComparison.Ordinal));
        Assert.Contains(primary.Lines, l => l.Contains("went active without the sync", StringComparison.Ordinal));
        var late = Sync(active)!["late"]!;
        Assert.NotNull(late["activatedWithoutSyncAt"]);
        var heldAtActivation = Long(AtActivation(active, "node-b"), "count");

        // The backup comes back: its records are merged, and the ones the primary lacked when it went active are reported as late.
        backup = pair.StartBackup();
        var backupStatus = await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby" && SyncPair.Count(s, "node-b") > 0,
            "the restarted backup is standby");
        var wrote = SyncPair.Origin(backupStatus, "node-b")!;
        Assert.True(heldAtActivation < Long(wrote, "count"), $"the primary held {heldAtActivation} of {wrote} when it went active");
        var merged = await SyncPair.StatusWhenProgressingAsync(pair.PrimaryConfig,
            s => Text(SyncPair.Origin(s, "node-b"), "digest") == Text(wrote, "digest") && Sync(s)?["late"]?["mergedAt"] is not null,
            s => SyncPair.Count(s, "node-b"), "the primary holds every record the backup wrote and says the late ones are merged", diagnostics: () => pair.Logs());
        var holds = SyncPair.Origin(merged, "node-b")!;
        Assert.Equal(Long(wrote, "count"), Long(holds, "count"));
        Assert.Equal(Long(holds, "count"), Long(holds, "lastSequence"));
        Assert.Equal(0, Long(holds, "duplicates"));
        late = Sync(merged)!["late"]!;
        Assert.Equal(Long(wrote, "count") - heldAtActivation, Long(late, "total"));
        var entry = Assert.Single(late["entries"]!.AsArray());
        Assert.Equal("ticks", Text(entry, "journal"));
        Assert.Equal("node-b", Text(entry, "origin"));
        Assert.Equal("active", SyncPair.Role(merged));
    }

    [Fact]
    public async Task PrimaryKilledInTheMiddleOfTheSync_ResumesAfterARestart_AndStillHoldsEveryRecordBeforeItGoesActive()
    {
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins)
        {
            InitialStandbyMs = 4_000,
            RecordsPerTick = 200,
            PayloadBytes = 100,
            Sync = new JsonObject { ["maxBatchRecords"] = 1, ["maxUnacknowledgedBatches"] = 1 },
        });
        var primary = pair.StartPrimary();
        pair.StartBackup();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby" && SyncPair.Count(s, "node-a") > 0,
            "the backup is standby and replicating");

        primary.Kill();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "active" && SyncPair.Count(s, "node-b") >= 10_000,
            "the backup is active and has journaled at least 10 000 records");

        primary = pair.StartPrimary();
        var midway = await SyncPair.StatusWhenAsync(pair.PrimaryConfig,
            s => Long(Sync(s)?["inbound"], "appliedRecords") > 0 && Sync(s)?["inbound"]?["caughtUp"]?.GetValue<bool>() == false,
            "the primary is receiving the backup's records");
        primary.Kill();
        var appliedBeforeKill = Long(Sync(midway)!["inbound"], "appliedRecords");

        // The backup takes over again (and journals on); the primary comes back once more and resumes where it stopped.
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "active", "the backup is active again");
        primary = pair.StartPrimary();
        var active = await SyncPair.StatusWhenProgressingAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active" && HasActivated(s),
            s => Long(SyncPair.Origin(s, "node-b"), "count"), "the primary is active after the second restart");
        var backup = await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Role(s) == "standby", "the backup is standby");

        var wrote = SyncPair.Origin(backup, "node-b")!;
        var held = AtActivation(active, "node-b");
        Assert.Equal(Long(wrote, "count"), Long(held, "count"));
        Assert.Equal(Text(wrote, "digest"), Text(held, "digest"));
        Assert.Equal(Long(held, "count"), Long(held, "lastSequence"));
        Assert.Equal(0, Long(held, "duplicates"));
        Assert.Contains(primary.Lines, l => l.Contains("Failback hand-over: applied everything node-b held", StringComparison.Ordinal));
        Assert.Null(Sync(active)!["late"]);

        // Only what the primary lacked was sent again: not the records it had applied before it was killed.
        var received = Long(Sync(active)!["inbound"], "records");
        Assert.True(received <= Long(wrote, "count") - appliedBeforeKill,
            $"the resumed session received {received} records; the backup wrote {Long(wrote, "count")}, the primary had applied {appliedBeforeKill} before it was killed");
    }

    [Fact]
    public async Task DifferentModuleVersions_PairRefusesToSynchronize_SaysWhatDiffers_AndTheBackupStaysStandbyWhileThePrimaryLives()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.NewerPlugins) { Broker = broker.Uri });
        var primary = pair.StartPrimary();
        var backup = pair.StartBackup();

        var line = await ProcessPair.LineAsync(primary, 0, "versions differ between node-a (here) and node-b (there)");
        Assert.Contains($"JournalPlugin 0.1.0 here, {JournalPluginInstall.NewerVersion} there", line);
        await ProcessPair.LineAsync(backup, 0, $"versions differ between node-b (here) and node-a (there): JournalPlugin {JournalPluginInstall.NewerVersion} here, 0.1.0 there");

        var status = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active" && SyncPair.Count(s, "node-a") >= 20,
            "the primary is active and journaling");
        var difference = Assert.Single(SyncPair.Redundancy(status)!["versionMismatch"]!["differences"]!.AsArray());
        Assert.Equal("JournalPlugin", Text(difference, "component"));
        Assert.Equal("0.1.0", Text(difference, "here"));
        Assert.Equal(JournalPluginInstall.NewerVersion, Text(difference, "there"));
        Assert.Contains("nothing was synchronized", SyncPair.Redundancy(status)!["reason"]!.GetValue<string>());
        await Poll.UntilAsync(() => subscriber.LatestJson("n3host/node-b/redundancy")?["versionMismatch"]?["message"]?.GetValue<string>()?.Contains("JournalPlugin", StringComparison.Ordinal) == true,
            "the backup's redundancy topic says what differs", diagnostics: subscriber.Dump);

        // For longer than three connection timeouts the backup watches the live primary and stays standby, receiving nothing.
        var until = DateTime.UtcNow.AddSeconds(4);
        while (DateTime.UtcNow < until)
        {
            var b = (await SyncPair.StatusAsync(pair.BackupConfig))!;
            Assert.Equal("standby", SyncPair.Role(b));
            Assert.True(SyncPair.Redundancy(b)!["peer"]!["connected"]!.GetValue<bool>());
            Assert.Equal(0, SyncPair.Count(b, "node-a"));
            Assert.NotNull(SyncPair.Redundancy(b)!["versionMismatch"]);
        }

        // It still takes over when the primary dies.
        var backupLines = backup.Lines.Count;
        primary.Kill();
        await ProcessPair.LineAsync(backup, backupLines, "Redundancy: Backup node is now Active");
    }
}
