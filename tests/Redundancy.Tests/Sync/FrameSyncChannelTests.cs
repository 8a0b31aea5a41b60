using System.Buffers;
using System.Text;
using N3Host.Plugins.Redundancy.Peer;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class FrameSyncChannelTests
{
    [Fact]
    public async Task SyncFrames_ShareTheLinkWithJsonPeerMessages_AndTheEngineRunsOverThem()
    {
        var clock = SyncNode.NewClock();
        var primary = new SyncNode("primary", clock);
        var backup = new SyncNode("backup", clock);
        var onPrimary = primary.AddJournal("history");
        var onBackup = backup.AddJournal("history");
        await SyncTestData.AppendAsync(onBackup, "backup", 5_000);

        // A stand-in for the peer link's read loop, routing by the frame's type: messages to the role protocol, sync frames to the channel.
        var messagesSeenByPrimary = 0;
        FrameSyncChannel? atPrimary = null;
        FrameSyncChannel? atBackup = null;
        ValueTask Link(FrameSyncChannel? to, ref int messages, PeerFrameType type, ReadOnlyMemory<byte> frame)
        {
            if (type == PeerFrameType.Sync)
                to!.Deliver(new ReadOnlySequence<byte>(frame));
            else
                messages++;
            return ValueTask.CompletedTask;
        }

        var ignored = 0;
        atPrimary = new FrameSyncChannel((frame, _) => Link(atBackup, ref ignored, PeerFrameType.Sync, frame));
        atBackup = new FrameSyncChannel((frame, _) => Link(atPrimary, ref messagesSeenByPrimary, PeerFrameType.Sync, frame));
        await Link(atPrimary, ref messagesSeenByPrimary, PeerFrameType.Message, Encoding.UTF8.GetBytes("{\"type\":\"heartbeat\"}"));

        await using var sessionAtPrimary = primary.Replicator.StartSession(atPrimary, CancellationToken.None);
        await using var sessionAtBackup = backup.Replicator.StartSession(atBackup, CancellationToken.None);
        await sessionAtPrimary.RequestCatchUpAsync(CancellationToken.None).WaitAsync(SyncLink.Timeout);

        Assert.Equal(5_000, onPrimary.Count);
        Assert.Equal(1, messagesSeenByPrimary);

        // The link closes: the session ends, the hand-over cannot be waited for any more.
        atPrimary.Complete();
        await sessionAtPrimary.Completion.WaitAsync(SyncLink.Timeout);
        await Assert.ThrowsAsync<SyncSessionEndedException>(() => sessionAtPrimary.RequestCatchUpAsync(CancellationToken.None));
        atBackup.Complete();
        await sessionAtPrimary.DisposeAsync();
        await sessionAtPrimary.DisposeAsync();
    }
}
