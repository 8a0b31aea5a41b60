using System.Buffers;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Peer.Messages;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Peer;

public sealed class FrameCodecTests
{
    [Fact]
    public void Frames_RoundTrip_AndAPartialFrameWaitsForMoreBytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameCodec.Encode(writer, PeerMessageSerializer.Serialize(new HeartbeatMessage(Contracts.NodeRole.Active, 42)));
        var bytes = writer.WrittenMemory;

        var partial = new ReadOnlySequence<byte>(bytes[..^1]);
        Assert.False(FrameCodec.TryDecode(ref partial, 1024, out _));

        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.True(FrameCodec.TryDecode(ref whole, 1024, out var payload));
        Assert.True(whole.IsEmpty);
        Assert.Equal(new HeartbeatMessage(Contracts.NodeRole.Active, 42), PeerMessageSerializer.Deserialize(payload));
    }

    [Fact]
    public void OversizedFrame_IsRefused_FromItsHeaderAlone()
    {
        var header = new ReadOnlySequence<byte>(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF });

        var error = Assert.Throws<PeerProtocolException>(() => FrameCodec.TryDecode(ref header, 1024, out _));

        Assert.Equal("frame of 2147483647 bytes refused (allowed 1..1024 bytes)", error.Message);
    }

    [Fact]
    public void Garbage_IsNotAMessage()
    {
        var error = Assert.Throws<PeerProtocolException>(() => PeerMessageSerializer.Deserialize(new ReadOnlySequence<byte>("GET / HTTP/1.1"u8.ToArray())));

        Assert.StartsWith("frame is not a valid message", error.Message);
    }
}
