using Microsoft.Extensions.Time.Testing;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>The same engine over real loopback TLS between two SQLite journals on disk.</summary>
public sealed class LoopbackTlsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Failback_OverTls_PrimaryHoldsEveryBackupRecordOnDisk_BeforeItMayGoActive()
    {
        using var folder = new TempDirectory("n3-sync");
        using var tls = new LoopbackTls();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero));
        using var onPrimary = new SqliteJournal("history", folder.Combine("primary.db"), "primary", clock);
        using var onBackup = new SqliteJournal("history", folder.Combine("backup.db"), "backup", clock);
        await onPrimary.SeedAsync(1_000, i => SyncTestData.Payload("primary", i), CancellationToken.None);
        await onBackup.SeedAsync(60_000, i => SyncTestData.Payload("backup", i), CancellationToken.None);
        var primary = Node("primary", clock, onPrimary);
        var backup = Node("backup", clock, onBackup);

        var (server, client) = await tls.ConnectAsync(CancellationToken.None);
        await using var primaryEnd = new StreamSyncChannel(server);
        await using var backupEnd = new StreamSyncChannel(client);
        await using var atPrimary = primary.Replicator.StartSession(primaryEnd, CancellationToken.None);
        await using var atBackup = backup.Replicator.StartSession(backupEnd, CancellationToken.None);
        await atPrimary.PeerCaughtUp.WaitAsync(Timeout);

        Assert.Equal(await SyncTestData.DigestAsync(onBackup, "backup"), await SyncTestData.DigestAsync(onPrimary, "backup"));
        await atBackup.PeerCaughtUp.WaitAsync(Timeout);
        Assert.Equal(await SyncTestData.DigestAsync(onPrimary, "primary"), await SyncTestData.DigestAsync(onBackup, "primary"));

        // Following: a record written now on the active node reaches the standby's file.
        await onPrimary.AppendAsync(SyncTestData.Payload("primary", 1_001), CancellationToken.None);
        await Eventually.TrueAsync(async () => await onBackup.GetLastSequenceAsync("primary", CancellationToken.None) == 1_001, Timeout, "the appended record reaches the standby");
    }

    [Fact]
    public async Task ConnectionClosedMidSync_RestartedNodesResumeFromTheirFiles_SendingOnlyTheMissingRecords()
    {
        using var folder = new TempDirectory("n3-sync");
        using var tls = new LoopbackTls();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero));
        var options = new SyncOptions { MaxBatchRecords = 500 };
        long held;
        using (var onBackup = new SqliteJournal("history", folder.Combine("backup.db"), "backup", clock))
        using (var onPrimary = new SqliteJournal("history", folder.Combine("primary.db"), "primary", clock))
        {
            await onBackup.SeedAsync(40_000, i => SyncTestData.Payload("backup", i), CancellationToken.None);
            var primary = Node("primary", clock, onPrimary, options);
            var backup = Node("backup", clock, onBackup, options);
            var (server, client) = await tls.ConnectAsync(CancellationToken.None);
            await using var primaryEnd = new StreamSyncChannel(server);
            await using var backupEnd = new StreamSyncChannel(client) { CutAfterBatches = 30 };
            var atPrimary = primary.Replicator.StartSession(primaryEnd, CancellationToken.None);
            var atBackup = backup.Replicator.StartSession(backupEnd, CancellationToken.None);
            await Ended(atPrimary);
            await Ended(atBackup);
            Assert.False(atPrimary.PeerCaughtUp.IsCompletedSuccessfully);
            held = await onPrimary.GetLastSequenceAsync("backup", CancellationToken.None);
            Assert.InRange(held, 1, 15_000);
        }

        // Both nodes restart: new journals over the same files, new engines, a new TLS connection.
        using var primaryAgain = new SqliteJournal("history", folder.Combine("primary.db"), "primary", clock);
        using var backupAgain = new SqliteJournal("history", folder.Combine("backup.db"), "backup", clock);
        var primary2 = Node("primary", clock, primaryAgain, options);
        var backup2 = Node("backup", clock, backupAgain, options);
        var (server2, client2) = await tls.ConnectAsync(CancellationToken.None);
        await using var primaryEnd2 = new StreamSyncChannel(server2);
        await using var backupEnd2 = new StreamSyncChannel(client2);
        await using var atPrimary2 = primary2.Replicator.StartSession(primaryEnd2, CancellationToken.None);
        await using var atBackup2 = backup2.Replicator.StartSession(backupEnd2, CancellationToken.None);
        await atPrimary2.PeerCaughtUp.WaitAsync(Timeout);
        await atBackup2.PeerConfirmedCaughtUp.WaitAsync(Timeout);

        Assert.Equal(40_000 - held, backup2.Replicator.GetStatus().Outbound.Records);
        Assert.Equal(40_000 - held, backup2.Replicator.GetStatus().Outbound.AppliedRecords);
        Assert.Equal(await SyncTestData.DigestAsync(backupAgain, "backup"), await SyncTestData.DigestAsync(primaryAgain, "backup"));
    }

    private static SyncNode Node(string name, TimeProvider clock, SqliteJournal journal, SyncOptions? options = null)
    {
        var node = new SyncNode(name, clock, options);
        node.Journals.Register(journal);
        return node;
    }

    private static async Task Ended(SyncSession session)
    {
        try
        {
            await session.Completion.WaitAsync(Timeout);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SyncProtocolException)
        {
            // The closed connection seen by a send or a read in the middle of a frame.
        }
    }
}
