using System.Buffers;
using N3Host.Contracts;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class CodecTests
{
    [Fact]
    public void Batch_RoundTrips_WithTermSequenceTimestampOffsetAndPayload()
    {
        var at = new DateTimeOffset(2026, 5, 1, 10, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var batch = new SyncBatch(42, "history", "nöde-ä", "7.0123456789abcdef",
        [
            new JournalRecord("nöde-ä", 7, 9, at, new byte[] { 1, 2, 3 }),
            new JournalRecord("nöde-ä", 7, 10, at.AddSeconds(1), Array.Empty<byte>()),
        ]);

        var decoded = Assert.IsType<SyncBatch>(SyncCodec.Read(SyncCodec.ToArray(batch)));

        Assert.Equal((42L, "history", "nöde-ä", "7.0123456789abcdef"), (decoded.Id, decoded.Journal, decoded.Origin, decoded.Epoch));
        Assert.Equal(2, decoded.Records.Count);
        Assert.Equal((7L, 9L, at, TimeSpan.FromHours(2)), (decoded.Records[0].Term, decoded.Records[0].Sequence, decoded.Records[0].Timestamp, decoded.Records[0].Timestamp.Offset));
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Records[0].Payload.ToArray());
        Assert.Equal(0, decoded.Records[1].Payload.Length);
        Assert.Equal("nöde-ä", decoded.Records[1].Origin);
    }

    [Fact]
    public void Batch_Of100ByteRecords_CostsAbout130BytesARecord()
    {
        var records = Enumerable.Range(1, 1000)
            .Select(i => new JournalRecord("n", 1, i, DateTimeOffset.UnixEpoch, SyncTestData.Payload("n", i)))
            .ToList();
        var size = SyncCodec.ToArray(new SyncBatch(1, "history", "n", "1.0", records)).Length;
        Assert.InRange(size / 1000.0, 100, 131);
    }

    [Fact]
    public void ControlMessages_RoundTrip()
    {
        var hello = new SyncHello("primary", SyncProtocol.Version,
            [new JournalCursor("history", [new SpaceCursor("backup", "3.00ff", 17, 3, "abcd")])]);
        var decoded = Assert.IsType<SyncHello>(SyncCodec.Read(SyncCodec.ToArray(hello)));
        Assert.Equal("primary", decoded.Node);
        Assert.Equal(hello.Journals[0].Spaces[0], decoded.Journals[0].Spaces[0]);

        Assert.Equal(new SyncBatchAck(5, 99), SyncCodec.Read(SyncCodec.ToArray(new SyncBatchAck(5, 99))));
        Assert.Equal(new SyncCaughtUp(12), SyncCodec.Read(SyncCodec.ToArray(new SyncCaughtUp(12))));
        Assert.Equal(new SyncCaughtUpConfirmed(3, 2), SyncCodec.Read(SyncCodec.ToArray(new SyncCaughtUpConfirmed(3, 2))));
        Assert.Equal(new SyncCaughtUp(12, 4), SyncCodec.Read(SyncCodec.ToArray(new SyncCaughtUp(12, 4))));
        Assert.Equal(new SyncCatchUpRequest(4), SyncCodec.Read(SyncCodec.ToArray(new SyncCatchUpRequest(4))));
        var plan = Assert.IsType<SyncPlan>(SyncCodec.Read(SyncCodec.ToArray(new SyncPlan(10, ["history"], ["alarms"], 1))));
        Assert.Equal((10L, "history", "alarms", 1), (plan.Records, plan.Journals[0], plan.NotAtPeer[0], plan.Conflicts));
    }

    [Fact]
    public void TruncatedOrUnknownFrames_AreRefusedWithTheReason()
    {
        var records = new[] { new JournalRecord("n", 1, 1, DateTimeOffset.UnixEpoch, new byte[50]) };
        var frame = SyncCodec.ToArray(new SyncBatch(1, "history", "n", "1.0", records));

        var truncated = Assert.Throws<SyncProtocolException>(() => SyncCodec.Read(frame.AsMemory(0, frame.Length - 10)));
        Assert.Contains("truncated", truncated.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<SyncProtocolException>(() => SyncCodec.Read(new byte[] { 99, 1, 2 }));
        Assert.Contains("unknown sync message type 99", unknown.Message, StringComparison.Ordinal);
        var badJson = Assert.Throws<SyncProtocolException>(() => SyncCodec.Read(new byte[] { (byte)SyncMessageType.Hello, (byte)'{', (byte)'x' }));
        Assert.Contains("malformed sync Hello", badJson.Message, StringComparison.Ordinal);
        Assert.Throws<SyncProtocolException>(() => SyncCodec.Read(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void ReadCopy_DoesNotDependOnTheCallersBuffer()
    {
        var buffer = new ArrayBufferWriter<byte>();
        SyncCodec.Write(new SyncBatch(1, "j", "n", "1.0", [new JournalRecord("n", 1, 1, DateTimeOffset.UnixEpoch, new byte[] { 7, 7 })]), buffer);
        var pooled = buffer.WrittenSpan.ToArray();
        var decoded = Assert.IsType<SyncBatch>(SyncCodec.ReadCopy(pooled));
        Array.Clear(pooled);
        Assert.Equal(new byte[] { 7, 7 }, decoded.Records[0].Payload.ToArray());
    }
}
