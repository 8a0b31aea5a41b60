using N3Host.Plugins.Historian.Buffer;
using N3Host.Testing;
using Xunit;

namespace Historian.Tests.Buffer;

public sealed class DiskBufferTests : IDisposable
{
    private readonly TempDirectory _dir = new("historian-buffer");

    public void Dispose() => _dir.Dispose();

    private static byte[] Record(int i, int size = 100) => Enumerable.Range(0, size).Select(b => (byte)(i + b)).ToArray();

    private static List<byte[]> Drain(DiskBuffer buffer)
    {
        var got = new List<byte[]>();
        while (buffer.Peek() is { } record)
        {
            got.Add(record.Payload);
            buffer.Commit(record);
        }

        return got;
    }

    [Fact]
    public void Records_ComeBackOldestFirst_AcrossSegments_AndSurviveReopening()
    {
        var records = Enumerable.Range(0, 300).Select(i => Record(i, 500 + (i % 7))).ToList();
        using (var buffer = new DiskBuffer(_dir.Path, 1 << 20))
        {
            foreach (var r in records)
                buffer.Append(r);
            Assert.Equal(300, buffer.Records);
            Assert.True(Directory.GetFiles(_dir.Path, "*.seg").Length > 1, "several segments");

            // Forward a third, then "restart".
            for (var i = 0; i < 100; i++)
                buffer.Commit(buffer.Peek()!);
        }

        using (var reopened = new DiskBuffer(_dir.Path, 1 << 20))
        {
            Assert.Equal(200, reopened.Records);
            Assert.Equal(records.Skip(100), Drain(reopened));
            Assert.True(reopened.IsEmpty);
            Assert.Equal(0, reopened.Bytes);
            Assert.Empty(Directory.GetFiles(_dir.Path, "*.seg"));

            reopened.Append(Record(1));
            Assert.Equal([Record(1)], Drain(reopened));
        }
    }

    [Fact]
    public void TornRecordAtTheEnd_AfterACrashWhileAppending_IsCutOff_AndTheRestIsKept()
    {
        using (var buffer = new DiskBuffer(_dir.Path, 1 << 20))
        {
            for (var i = 0; i < 5; i++)
                buffer.Append(Record(i));
        }

        // What a crash in the middle of an append leaves: a header and part of a payload.
        var segment = Directory.GetFiles(_dir.Path, "*.seg").Single();
        using (var stream = new FileStream(segment, FileMode.Append))
            stream.Write([100, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]);

        using var reopened = new DiskBuffer(_dir.Path, 1 << 20);
        Assert.Equal(5, reopened.Records);
        reopened.Append(Record(5));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Record(i)), Drain(reopened));
    }

    [Fact]
    public void ACorruptedRecordInTheMiddle_IsReported_NotSilentlyReturned()
    {
        using (var buffer = new DiskBuffer(_dir.Path, 1 << 20))
        {
            for (var i = 0; i < 3; i++)
                buffer.Append(Record(i));
        }

        var segment = Directory.GetFiles(_dir.Path, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[8 + 100 + 8 + 10] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        // The tail repair keeps the first record only (the damaged one and what follows cannot be trusted).
        using var reopened = new DiskBuffer(_dir.Path, 1 << 20);
        Assert.Equal([Record(0)], Drain(reopened));
    }

    [Fact]
    public void ADamagedOlderSegment_IsReported_AndSkipping_ItResumesWithTheNextSegment()
    {
        var records = Enumerable.Range(0, 300).Select(i => Record(i, 1000)).ToList();
        using (var buffer = new DiskBuffer(_dir.Path, 1 << 20))
        {
            foreach (var r in records)
                buffer.Append(r);
        }

        var segments = Directory.GetFiles(_dir.Path, "*.seg").Order(StringComparer.Ordinal).ToList();
        Assert.True(segments.Count >= 3);
        var bytes = File.ReadAllBytes(segments[0]);
        bytes[8 + 500] ^= 0xFF;
        File.WriteAllBytes(segments[0], bytes);
        var inFirst = (int)(new FileInfo(segments[0]).Length / 1008);

        using var reopened = new DiskBuffer(_dir.Path, 1 << 20);
        Assert.Throws<InvalidDataException>(() => reopened.Peek());
        reopened.SkipDamagedSegment();
        Assert.Equal(300 - inFirst, reopened.Records);
        Assert.Equal(records.Skip(inFirst), Drain(reopened));
    }

    [Fact]
    public void Append_BeyondTheByteLimit_ThrowsBufferFull_AndKeepsWhatItHolds()
    {
        using var buffer = new DiskBuffer(_dir.Path, 65_536);
        var appended = 0;
        var error = Assert.Throws<BufferFullException>(new Action(() =>
        {
            while (true)
            {
                buffer.Append(Record(appended, 1000));
                appended++;
            }
        }));
        Assert.Contains("is full", error.Message, StringComparison.Ordinal);
        Assert.Equal(65, appended);
        Assert.True(buffer.Bytes <= 65_536);

        // Forwarding makes room again.
        buffer.Commit(buffer.Peek()!);
        buffer.Append(Record(999, 1000));
        Assert.Equal(65, buffer.Records);
    }

    [SkippableFact]
    public void OnARealFullDisk_AppendFailsWithIOException_NeverObjectDisposed_DisposeDoesNotThrow_AndAppendsResumeWhenSpaceIsFreed()
    {
        var disk = TinyDisk.MountOrExplain(_dir.Combine("tiny"), 256, Console.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        using (disk)
        {
            var folder = Path.Combine(disk!.Path, "buffer");
            var appended = new List<byte[]>();
            var buffer = new DiskBuffer(folder, 1 << 20);
            var filler = disk.Fill();
            for (var i = 0; i < 50; i++)
            {
                var record = Record(i, 3000);
                try
                {
                    buffer.Append(record);
                    appended.Add(record);
                }
                catch (IOException e)
                {
                    // Every failure is the disk's own (ENOSPC), never a closed stream left behind by the last one.
                    Assert.IsNotType<ObjectDisposedException>(e);
                    Assert.Contains("No space left", e.Message, StringComparison.Ordinal);
                }
            }

            Assert.Equal(appended.Count, buffer.Records);
            buffer.Dispose();

            // Reopened on the still-full disk: whatever was appended is there, whole.
            buffer = new DiskBuffer(folder, 1 << 20);
            Assert.Equal(appended.Count, buffer.Records);
            File.Delete(filler);
            for (var i = 100; i < 110; i++)
            {
                var record = Record(i, 3000);
                buffer.Append(record);
                appended.Add(record);
            }

            Assert.Equal(appended, Drain(buffer));
            buffer.Dispose();
        }
    }
}
