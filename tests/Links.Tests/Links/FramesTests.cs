using System.Buffers;
using System.IO.Pipelines;
using N3Host.Plugins.Links;
using N3Host.Transport.Framing;
using Xunit;

namespace Links.Tests.Links;

/// <summary>The one frame format (libs/N3Host.Transport) on its own: the decoder every node-to-node connection uses.</summary>
public sealed class FramesTests
{
    private const int Max = 1 << 20;

    [Fact]
    public void AFrameLongerThanTheMaximum_IsRefused_FromItsHeaderAlone()
    {
        var header = new ReadOnlySequence<byte>([0x7F, 0xFF, 0xFF, 0xFF, (byte)FrameType.Values]);

        var error = Assert.Throws<FrameProtocolException>(() => Frames.TryDecode(ref header, Max, out FrameType _, out _));

        Assert.Equal("frame length 2147483647 is outside 1..1048576", error.Message);
    }

    [Fact]
    public void AFrameOfLengthZero_IsRefused()
    {
        var header = new ReadOnlySequence<byte>([0, 0, 0, 0, 1]);

        Assert.Throws<FrameProtocolException>(() => Frames.TryDecode(ref header, Max, out byte _, out _));
    }

    [Fact]
    public void ALargeFrameNotAllThereYet_AllocatesNothing_AndLeavesTheBufferAsItWas()
    {
        var header = new ReadOnlySequence<byte>([0x00, 0x0F, 0xFF, 0xFF, (byte)FrameType.Values]);
        var before = header;
        Assert.False(Frames.TryDecode(ref header, Max, out FrameType _, out _));

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Assert.False(Frames.TryDecode(ref header, Max, out FrameType _, out _));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
        Assert.Equal(before, header);
    }

    [Fact]
    public void AnUnknownFrameType_IsRefused_AsSoonAsTheHeaderIsThere()
    {
        var header = new ReadOnlySequence<byte>([0, 0, 0, 100, 99]);

        var error = Assert.Throws<FrameProtocolException>(() => Frames.TryDecode(ref header, Max, out FrameType _, out _));

        Assert.Equal("unknown frame type 99", error.Message);
    }

    [Fact]
    public void TheUntypedDecoder_LeavesTheTypeToTheProtocol()
    {
        var frame = new ReadOnlySequence<byte>([0, 0, 0, 2, 99, 7]);

        Assert.True(Frames.TryDecode(ref frame, Max, out byte type, out var payload));

        Assert.Equal(99, type);
        Assert.Equal(new byte[] { 7 }, payload.ToArray());
    }

    [Fact]
    public void AFrameSplitAcrossReads_IsDecodedOnceComplete()
    {
        byte[] frame = [0, 0, 0, 9, (byte)FrameType.Ack, 0, 0, 0, 0, 0, 0, 0, 42];
        for (var cut = 0; cut < frame.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(frame, 0, cut);
            Assert.False(Frames.TryDecode(ref partial, Max, out FrameType _, out _));
        }

        var whole = new ReadOnlySequence<byte>(frame);
        Assert.True(Frames.TryDecode(ref whole, Max, out FrameType type, out var payload));
        Assert.Equal(FrameType.Ack, type);
        Assert.Equal(42, new WireReader(payload).Int64());
        Assert.True(whole.IsEmpty);
    }

    [Fact]
    public void FramesWritten_AreReadBack_EvenWhenTheirBytesLieInManySegments()
    {
        var output = new ArrayBufferWriter<byte>();
        Frames.Write(output, FrameType.Ping, []);
        Frames.WriteInt64(output, FrameType.Ack, 1234);
        Frames.Write(output, FrameType.Refused, "standby"u8);
        var buffer = OneSegmentPerByte(output.WrittenSpan.ToArray());

        Assert.True(Frames.TryDecode(ref buffer, Max, out FrameType first, out var empty));
        Assert.True(Frames.TryDecode(ref buffer, Max, out FrameType second, out var ack));
        Assert.True(Frames.TryDecode(ref buffer, Max, out FrameType third, out var text));
        Assert.False(Frames.TryDecode(ref buffer, Max, out FrameType _, out _));

        Assert.Equal((FrameType.Ping, FrameType.Ack, FrameType.Refused), (first, second, third));
        Assert.True(empty.IsEmpty);
        Assert.Equal(1234, new WireReader(ack).Int64());
        Assert.Equal("standby", System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }

    [Fact]
    public async Task ReadOne_CompletesTheReaderWithTheError_OnAProtocolError()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0, 1, 99 });

        await Assert.ThrowsAsync<FrameProtocolException>(() => Frames.ReadOneAsync<FrameType>(pipe.Reader, Max, CancellationToken.None).AsTask());

        // The reader is completed with the error: the writing side gets it on its next write.
        await Assert.ThrowsAsync<FrameProtocolException>(() => pipe.Writer.WriteAsync(new byte[] { 1 }).AsTask());
    }

    [Fact]
    public async Task ReadOne_WaitsForAFrameThatComesInPieces()
    {
        var pipe = new Pipe();
        var read = Frames.ReadOneAsync<FrameType>(pipe.Reader, Max, CancellationToken.None).AsTask();
        await pipe.Writer.WriteAsync(new byte[] { 0, 0, 0 });
        await pipe.Writer.WriteAsync(new byte[] { 3, (byte)FrameType.Welcome });
        Assert.False(read.IsCompleted);
        await pipe.Writer.WriteAsync(new byte[] { 1, 2 });

        var (type, payload) = await read.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(FrameType.Welcome, type);
        Assert.Equal(new byte[] { 1, 2 }, payload);
    }

    private static ReadOnlySequence<byte> OneSegmentPerByte(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
