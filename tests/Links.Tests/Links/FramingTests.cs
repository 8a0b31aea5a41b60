using System.Buffers;
using N3Host.Plugins.Links;
using Xunit;

namespace Links.Tests.Links;

/// <summary>Frame decoding on its own.</summary>
public sealed class FramingTests
{
    [Fact]
    public void AFrameLongerThanTheMaximum_IsRefused_FromItsHeaderAlone()
    {
        var header = new ReadOnlySequence<byte>([0x7F, 0xFF, 0xFF, 0xFF, (byte)FrameType.Values]);
        var error = Assert.Throws<LinkProtocolException>(() => FrameDecoder.TryDecode(ref header, 1 << 20, out _, out _));
        Assert.Contains("outside 1..1048576", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownFrameType_IsRefused()
    {
        var header = new ReadOnlySequence<byte>([0, 0, 0, 1, 99]);
        Assert.Throws<LinkProtocolException>(() => FrameDecoder.TryDecode(ref header, 1 << 20, out _, out _));
    }

    [Fact]
    public void AFrameSplitAcrossReads_IsDecodedOnceComplete()
    {
        byte[] frame = [0, 0, 0, 9, (byte)FrameType.Ack, 0, 0, 0, 0, 0, 0, 0, 42];
        var partial = new ReadOnlySequence<byte>(frame, 0, 7);
        Assert.False(FrameDecoder.TryDecode(ref partial, 1 << 20, out _, out _));
        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(FrameDecoder.TryDecode(ref whole, 1 << 20, out var type, out var payload));
        Assert.Equal(FrameType.Ack, type);
        Assert.Equal(42, new WireReader(payload).Int64());
        Assert.True(whole.IsEmpty);
    }
}
