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
}
