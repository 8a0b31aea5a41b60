using System.Text.Json.Nodes;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>
/// Two real n3host processes with the journal test plugin: a node that ran standalone (and journaled) is reconfigured as
/// the backup of a primary that has records of its own; at pairing the primary's stored data overwrite the backup's,
/// announced in the log, status and MQTT before anything is discarded.
/// </summary>
[Collection(JournalPluginCollection.Name)]
public sealed class ModeChangeProcessTests(JournalPluginInstall install)
{
    private const int Records = 30;

    private static JsonNode? Overwrite(JsonNode status) => SyncPair.Redundancy(status)?["overwrite"];

    private static string? State(JsonNode? overwrite) => overwrite?["state"]?.GetValue<string>();

    /// <summary>Per origin: count, last sequence, duplicates and content digest of what the node's journal holds now.</summary>
    private static string Holdings(JsonNode status) => status["services"]![SyncPair.JournalSection]!["now"]!["origins"]!.ToJsonString();

    [Fact]
    public async Task StandaloneNodeReconfiguredAsBackup_IsOverwrittenByThePrimary_AnnouncedBeforehand()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins)
        {
            Broker = broker.Uri, BackupMode = "standalone", MaxRecords = Records, PeriodMs = 20, InitialStandbyMs = 1_000,
        });

        // node-b runs standalone on a fresh data folder (not a mode change) and journals its own records.
        var backup = pair.StartBackup();
        var standalone = await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Count(s, "node-b") == Records,
            $"the standalone node-b holds {Records} records of its own");
        Assert.Null(SyncPair.Redundancy(standalone)!["pairing"]!["previousMode"]);
        Assert.False(SyncPair.Redundancy(standalone)!["pairing"]!["modeChanged"]!.GetValue<bool>());
        backup.Kill();

        // The primary runs alone and journals its own.
        pair.StartPrimary();
        var primaryStatus = await SyncPair.StatusWhenAsync(pair.PrimaryConfig, s => SyncPair.Role(s) == "active" && SyncPair.Count(s, "node-a") == Records,
            $"the primary is active and holds {Records} records of its own");
        var primaryHoldings = Holdings(primaryStatus);

        // node-b comes back as the backup: a mode change (standalone -> backup), so the pair agrees on a new pairing. Its
        // configuration was edited too (a newer revision than the primary's): the primary's overwrites it all the same.
        pair.ReconfigureBackup("backup");
        SyncPair.SetJournalPeriod(pair.BackupConfig, 25);
        backup = pair.StartBackup();
        var done = await SyncPair.StatusWhenAsync(pair.BackupConfig, s => State(Overwrite(s)) == "done" && SyncPair.Count(s, "node-a") == Records,
            "the backup's overwrite is done");
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.JournalPeriod(s) == 20, "the backup runs the primary's configuration (periodMs 20, not its own 25)");
        Assert.Equal(20, SyncPair.JournalFilePeriod(pair.BackupConfig));
        Assert.Contains(backup.Lines, l => l.Contains("configuration overwrites the backup's", StringComparison.Ordinal));

        // The backup holds exactly the primary's records: same origins, counts, sequences and content digests; nothing of its own.
        Assert.True(primaryHoldings == Holdings(done), $"backup holds {Holdings(done)}, the primary {primaryHoldings}\n{backup.Output}");
        Assert.Null(SyncPair.Origin(done, "node-b"));
        Assert.Equal("standby", SyncPair.Role(done));
        var pairing = SyncPair.Redundancy(done)!["pairing"]!;
        Assert.Equal("standalone", pairing["previousMode"]!.GetValue<string>());
        Assert.True(pairing["modeChanged"]!.GetValue<bool>());
        Assert.False(pairing["newPairingPending"]!.GetValue<bool>());
        Assert.True(SyncPair.Redundancy(done)!["peer"]!["newPairing"]!.GetValue<bool>());
        var journal = Assert.Single(Overwrite(done)!["journals"]!.AsArray());
        Assert.Equal("ticks", journal!["journal"]!.GetValue<string>());
        Assert.Equal(Records, journal["records"]!.GetValue<long>());

        // Nothing of the backup's went the other way.
        var primaryAfter = (await SyncPair.StatusAsync(pair.PrimaryConfig))!;
        Assert.Equal(primaryHoldings, Holdings(primaryAfter));

        // Announced beforehand: in the backup's log before the journal was emptied, and on MQTT before it was done.
        var lines = backup.Lines.ToList();
        var announced = lines.FindIndex(l => l.Contains($"discarding ticks ({Records} record(s)), then copying every record of node-a", StringComparison.Ordinal));
        var emptied = lines.FindIndex(l => l.Contains("Overwrite: journal ticks emptied", StringComparison.Ordinal));
        Assert.True(announced >= 0 && announced < emptied, backup.Output);
        await Poll.UntilAsync(() => State(subscriber.LatestJson("n3host/node-b/redundancy")?["overwrite"]) == "done",
            "the backup's redundancy topic shows the overwrite done", diagnostics: subscriber.Dump);
        var states = subscriber.Messages.Where(m => m.Topic == "n3host/node-b/redundancy")
            .Select(m => JsonNode.Parse(m.Payload)!["overwrite"]).Where(o => o is not null).ToList();
        var first = states[0]!;
        Assert.Equal("announced", State(first));
        Assert.Equal(Records, first["journals"]![0]!["records"]!.GetValue<long>());
        Assert.Contains("the stored data of node-b (backup) are replaced by those of node-a (primary)", first["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(subscriber.Saw("n3host/node-a/redundancy", p => JsonNode.Parse(p)?["overwrite"]?["backup"]?.GetValue<string>() == "node-b"),
            "the primary's redundancy topic announces the overwrite too");

        // Settled: the next start of the backup is no mode change, and nothing is overwritten again.
        backup.Kill();
        backup = pair.StartBackup();
        var again = await SyncPair.StatusWhenAsync(pair.BackupConfig,
            s => SyncPair.Redundancy(s)?["peer"]?["connected"]?.GetValue<bool>() == true && SyncPair.Redundancy(s)?["sync"]?["state"]?.GetValue<string>() == "following",
            "the restarted backup is paired and following");
        Assert.False(SyncPair.Redundancy(again)!["pairing"]!["modeChanged"]!.GetValue<bool>());
        Assert.False(SyncPair.Redundancy(again)!["peer"]!["newPairing"]!.GetValue<bool>());
        Assert.Null(Overwrite(again));
        Assert.Equal(primaryHoldings, Holdings(again));
    }

    [Fact]
    public async Task BackupKilledInTheMiddleOfTheOverwrite_CompletesItAfterARestart_NeverHalfMerged()
    {
        const int Many = 20_000;

        // One record per batch and one batch in flight: copying the primary's 20 000 records takes seconds.
        await using var pair = await SyncPair.CreateAsync(new SyncPairOptions(install.Plugins, install.Plugins)
        {
            BackupMode = "standalone", MaxRecords = Many, RecordsPerTick = 200, PeriodMs = 20, PayloadBytes = 100, InitialStandbyMs = 1_000,
            Sync = new JsonObject { ["maxBatchRecords"] = 1, ["maxUnacknowledgedBatches"] = 1 },
        });
        var backup = pair.StartBackup();
        await SyncPair.StatusWhenAsync(pair.BackupConfig, s => SyncPair.Count(s, "node-b") == Many, $"the standalone node-b holds {Many} records of its own");
        backup.Kill();
        pair.StartPrimary();
        var primaryHoldings = Holdings(await SyncPair.StatusWhenAsync(pair.PrimaryConfig,
            s => SyncPair.Role(s) == "active" && SyncPair.Count(s, "node-a") == Many, $"the primary is active and holds {Many} records of its own"));

        pair.ReconfigureBackup("backup");
        backup = pair.StartBackup();
        var midway = await SyncPair.StatusWhenAsync(pair.BackupConfig,
            s => State(Overwrite(s)) == "copying" && SyncPair.Count(s, "node-a") is > 0 and < Many, "the backup is copying the primary's records");
        backup.Kill();

        // Killed mid-copy: the backup's journal held part of the primary's records and none of its own.
        Assert.Null(SyncPair.Origin(midway, "node-b"));

        backup = pair.StartBackup();
        // One record per round trip: as long as the machine makes it. It fails only when the copy stops moving for 30 s.
        var done = await SyncPair.StatusWhenProgressingAsync(pair.BackupConfig, s => State(Overwrite(s)) == "done",
            s => SyncPair.Count(s, "node-a"), "the resumed overwrite is done", diagnostics: () => pair.Logs());
        Assert.Equal(primaryHoldings, Holdings(done));
        Assert.Contains(backup.Lines, l => l.Contains("journal(s) already emptied: ticks", StringComparison.Ordinal));
        Assert.DoesNotContain(backup.Lines, l => l.Contains("Overwrite: journal ticks emptied", StringComparison.Ordinal));
        Assert.True(SyncPair.Redundancy(done)!["pairing"]!["modeChanged"]!.GetValue<bool>());
        Assert.False(SyncPair.Redundancy(done)!["pairing"]!["newPairingPending"]!.GetValue<bool>());
        Assert.Equal(primaryHoldings, Holdings((await SyncPair.StatusAsync(pair.PrimaryConfig))!));
    }
}
