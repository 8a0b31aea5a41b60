using N3Host.Contracts;
using N3Host.Plugins.Links;
using N3Host.Testing;
using Xunit;

namespace Links.Tests.Links;

/// <summary>The sending side's disk buffer on its own (a temp folder, no sockets).</summary>
public sealed class DiskBufferTests
{
    private const int MaxRecord = 64 << 10;

    [Fact]
    public void Values_AreReadBackInOrder_AndAcknowledgedOnesAreGoneAfterReopening()
    {
        using var folder = new TempDirectory();
        Guid stream;
        using (var buffer = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord))
        {
            stream = buffer.StreamId;
            Append(buffer, 1, 100);
            var read = ReadAll(buffer, after: 0);
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), read);
            buffer.Acknowledge(60);
            Assert.Equal(40, buffer.BufferedValues);
        }

        using (var reopened = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord))
        {
            Assert.Equal(stream, reopened.StreamId);
            Assert.Equal(100, reopened.LastAppended);
            Assert.Equal(Enumerable.Range(61, 40).Select(i => (long)i), ReadAll(reopened, after: reopened.Acknowledged));
            Append(reopened, 101, 1);
            Assert.Equal(101, reopened.LastAppended);
        }
    }

    [Fact]
    public void ATornLastRecord_IsCutOff_AndTheRestIsKept()
    {
        using var folder = new TempDirectory();
        using (var buffer = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord))
        {
            Append(buffer, 1, 10);
        }

        var segment = Directory.GetFiles(folder.Path, "*.seg").Single();
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(file.Length - 5);
        }

        using var recovered = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord);
        Assert.NotNull(recovered.RecoveryNote);
        Assert.Equal(9, recovered.LastAppended);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), ReadAll(recovered, after: 0));
    }

    [Fact]
    public void SequenceNumbers_KeepGrowing_AfterEverythingWasAcknowledgedAndDeleted()
    {
        using var folder = new TempDirectory();
        using (var buffer = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord))
        {
            Append(buffer, 1, 10);
            buffer.Acknowledge(10);
            Assert.Empty(Directory.GetFiles(folder.Path, "*.seg"));
        }

        using var reopened = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord);
        Append(reopened, 11, 1);
        Assert.Equal(11, reopened.LastAppended);
    }

    [Fact]
    public void AReceiverHoldingMoreThanTheBufferNumbered_MovesTheNumberingOn_AndValuesAppendedSinceTheStartAreNumberedAgain()
    {
        // The buffer folder was restored from an older copy: it numbered up to 5, but the receiver holds up to 10.
        using var folder = new TempDirectory();
        using (var buffer = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord))
        {
            Append(buffer, 1, 5);
        }

        using (var restored = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord))
        {
            // Three new values are appended before the link is up: numbered 6..8, which the receiver holds other values under.
            Append(restored, 101, 3);
            Assert.Equal(8, restored.LastAppended);

            Assert.Equal((2L, 3L), restored.Resume(10));
            Assert.Equal(13, restored.LastAppended);
            Assert.Equal(3, restored.BufferedValues);
            Assert.Equal([(11L, 101.0), (12L, 102.0), (13L, 103.0)], ReadValues(restored, after: 10));
        }

        using var reopened = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord);
        Assert.Equal([(11L, 101.0), (12L, 102.0), (13L, 103.0)], ReadValues(reopened, after: 10));
        Append(reopened, 104, 1);
        Assert.Equal(14, reopened.LastAppended);
    }

    [Fact]
    public void AReceiverHoldingLess_IsAnAcknowledgement_AndNothingIsNumberedAgain()
    {
        using var folder = new TempDirectory();
        using var buffer = DiskBuffer.Open(folder.Path, 1 << 20, MaxRecord);
        Append(buffer, 1, 10);
        Assert.Equal((0L, 0L), buffer.Resume(4));
        Assert.Equal(4, buffer.Acknowledged);
        Assert.Equal(Enumerable.Range(5, 6).Select(i => (long)i), ReadAll(buffer, after: 4));
    }

    private static void Append(DiskBuffer buffer, int first, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(AppendResult.Appended, buffer.Append(TagValue.FromNumber("sim/x", first + i, DateTimeOffset.UnixEpoch)));
        }

        buffer.Commit();
    }

    private static List<long> ReadAll(DiskBuffer buffer, long after)
    {
        var sequences = new List<long>();
        using var cursor = new BufferCursor(after + 1);
        var destination = new byte[MaxRecord];
        while (true)
        {
            var length = buffer.Read(cursor, destination, out _, out _);
            if (length == 0)
            {
                return sequences;
            }

            var position = 0;
            while (position < length)
            {
                var (sequence, valueLength) = BufferRecord.ReadHeader(destination.AsSpan(position));
                sequences.Add(sequence);
                position += BufferRecord.HeaderBytes + valueLength;
            }
        }
    }

    private static List<(long Sequence, double Number)> ReadValues(DiskBuffer buffer, long after)
    {
        var values = new List<(long, double)>();
        using var cursor = new BufferCursor(after + 1);
        var destination = new byte[MaxRecord];
        int length;
        while ((length = buffer.Read(cursor, destination, out _, out _)) > 0)
        {
            var position = 0;
            while (position < length)
            {
                var (sequence, valueLength) = BufferRecord.ReadHeader(destination.AsSpan(position));
                var bytes = new System.Buffers.ReadOnlySequence<byte>(destination, position + BufferRecord.HeaderBytes, valueLength);
                values.Add((sequence, TagValueCodec.Decode(bytes, "").Number));
                position += BufferRecord.HeaderBytes + valueLength;
            }
        }

        return values;
    }
}
