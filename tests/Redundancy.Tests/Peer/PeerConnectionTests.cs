using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Transport.Framing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Peer;

/// <summary>The peer link's framing on an in-memory pipe: frames routed by their type byte, and an older node's frames refused with its reason.</summary>
public sealed class PeerConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Frames_AreRoutedByTheirTypeByte_NotByTheirFirstPayloadByte()
    {
        var (here, there) = InMemoryPeerChannel.CreatePair();
        var connection = new PeerConnection(here, 1 << 20);
        var messages = new List<PeerMessage>();
        var syncFrames = new List<byte[]>();
        var run = connection.RunAsync(messages.Add, payload => syncFrames.Add(payload.ToArray()), _ => { }, CancellationToken.None);

        // A sync payload that starts with '{' (which the old link took for JSON) and a message.
        Frames.Write(there.Output, (byte)PeerFrameType.Sync, "{not json"u8);
        Frames.Write(there.Output, (byte)PeerFrameType.Message, PeerMessageSerializer.Serialize(new HeartbeatMessage(NodeRole.Active, 7)));
        await there.Output.FlushAsync();
        there.Cut();

        Assert.Equal("connection closed by the peer", await run.WaitAsync(Timeout));
        Assert.Equal([new HeartbeatMessage(NodeRole.Active, 7)], messages);
        Assert.Equal("{not json", Encoding.UTF8.GetString(Assert.Single(syncFrames)));
        Assert.Equal(2, connection.FramesReceived);
    }

    [Fact]
    public async Task SentMessagesAndSyncFrames_CarryTheirType()
    {
        var (here, there) = InMemoryPeerChannel.CreatePair();
        var connection = new PeerConnection(here, 1 << 20);
        var run = connection.RunAsync(_ => { }, _ => { }, CancellationToken.None);

        connection.Send(new HeartbeatMessage(NodeRole.Standby, 3));
        connection.SendSync(new byte[] { 5, 1, 2 });
        var frames = await ReadFramesAsync(there.Input, 2);
        connection.Close("done");
        await run.WaitAsync(Timeout);

        Assert.Equal((byte)PeerFrameType.Message, frames[0].Type);
        Assert.Equal(new HeartbeatMessage(NodeRole.Standby, 3), PeerMessageSerializer.Deserialize(new ReadOnlySequence<byte>(frames[0].Payload)));
        Assert.Equal((byte)PeerFrameType.Sync, frames[1].Type);
        Assert.Equal(new byte[] { 5, 1, 2 }, frames[1].Payload);
    }

    [Fact]
    public async Task AnOlderNodesHello_IsRefused_AndTheOlderNodeIsToldWhyInItsOwnFormat()
    {
        var (here, there) = InMemoryPeerChannel.CreatePair();
        var connection = new PeerConnection(here, 1 << 20);
        var run = connection.RunAsync(_ => Assert.Fail("no message expected"), _ => { }, CancellationToken.None);

        // The format before the type byte: [u32 length][JSON].
        var hello = Encoding.UTF8.GetBytes("{\"type\":\"hello\",\"node\":\"old\"}");
        var legacy = new byte[4 + hello.Length];
        BinaryPrimitives.WriteUInt32BigEndian(legacy, (uint)hello.Length);
        hello.CopyTo(legacy, 4);
        await there.Output.WriteAsync(legacy);

        var reason = await run.WaitAsync(Timeout);

        Assert.Equal(LegacyFrames.Refusal, reason);
        Assert.Equal(LegacyFrames.Refusal, connection.Refusal);
        Assert.Contains("must run the same N3Host version", reason, StringComparison.Ordinal);
        var answer = (await there.Input.ReadAsync()).Buffer;
        var length = ReadLength(answer);
        Assert.Equal(answer.Length - 4, length);
        var refused = Assert.IsType<RefusedMessage>(PeerMessageSerializer.Deserialize(answer.Slice(4)));
        Assert.Equal(LegacyFrames.Refusal, refused.Reason);
    }

    private static uint ReadLength(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header);
    }

    private static async Task<List<(byte Type, byte[] Payload)>> ReadFramesAsync(PipeReader reader, int count)
    {
        var frames = new List<(byte Type, byte[] Payload)>();
        while (frames.Count < count)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Timeout);
            var buffer = result.Buffer;
            while (frames.Count < count && Frames.TryDecode(ref buffer, 1 << 20, out var type, out var payload))
            {
                frames.Add((type, payload.ToArray()));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return frames;
    }
}
