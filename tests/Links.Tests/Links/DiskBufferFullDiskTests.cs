using N3Host.Contracts;
using N3Host.Contracts.Storage;
using N3Host.Plugins.Links;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Links;

/// <summary>The disk buffer on a real small tmpfs: the kernel's ENOSPC and EROFS (needs root to mount; skipped, with the reason printed, elsewhere).</summary>
public sealed class DiskBufferFullDiskTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxRecord = 64 << 10;
    private readonly TempDirectory _dir = new("links-tinydisk");

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void OnAFullDisk_AppendsThrowBufferWriteException_EveryAcknowledgedRecordIsKeptWhole_AndAppendsWorkAgainOnceSpaceIsFreed()
    {
        using var disk = MountOrSkip(256);
        var ballast = Path.Combine(disk.Path, "ballast");
        File.WriteAllBytes(ballast, new byte[64 << 10]);
        var folder = Path.Combine(disk.Path, "buffer");

        // A limit larger than the disk, so the disk fills before the buffer does (segments of 128 KiB: one roll on the way).
        var buffer = DiskBuffer.Open(folder, 1 << 20, MaxRecord);
        long committed = 0;
        BufferWriteException? failure = null;
        var next = 1;
        while (failure is null && next < 100_000)
        {
            var attempted = 0;
            try
            {
                for (var i = 0; i < 50; i++)
                {
                    attempted++;
                    Assert.Equal(AppendResult.Appended, buffer.Append(Value(next++)));
                }

                buffer.Commit();
                committed = buffer.LastAppended;
            }
            catch (BufferWriteException e)
            {
                failure = e;
                Assert.Equal(attempted, e.NotKept);
            }
        }

        Assert.NotNull(failure);
        output.WriteLine($"full after {committed} records: {failure.Message}");
        Assert.Equal(StorageConditionKind.DiskFull, StorageProbe.Classify(failure, folder)?.Kind);
        Assert.Equal(committed, buffer.LastAppended);
        Assert.Equal(committed, buffer.BufferedValues);
        Assert.Equal(Sequences(1, committed), ReadAll(buffer, 0));

        // Still full: a further batch fails the same way (at the commit, or at the append that fills the 64 KiB gathered
        // in memory), every value of it counted as not kept, and leaves the buffer as it was.
        var attemptedAgain = 0;
        var again = Assert.Throws<BufferWriteException>(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                attemptedAgain++;
                buffer.Append(Value(i));
            }

            buffer.Commit();
        });
        Assert.Equal(attemptedAgain, again.NotKept);
        Assert.Equal(committed, buffer.LastAppended);
        Assert.Null(Record.Exception(buffer.Dispose));

        // Reopened on the still-full disk: every acknowledged record, and nothing torn to cut off.
        buffer = DiskBuffer.Open(folder, 1 << 20, MaxRecord);
        Assert.Null(buffer.RecoveryNote);
        Assert.Equal(committed, buffer.LastAppended);
        Assert.Equal(Sequences(1, committed), ReadAll(buffer, 0));

        File.Delete(ballast);
        AppendAndCommit(buffer, 20);
        Assert.Equal(committed + 20, buffer.LastAppended);
        Assert.Null(Record.Exception(buffer.Dispose));

        using var reopened = DiskBuffer.Open(folder, 1 << 20, MaxRecord);
        Assert.Null(reopened.RecoveryNote);
        Assert.Equal(Sequences(1, committed + 20), ReadAll(reopened, 0));
    }

    [SkippableFact]
    public void OnAReadOnlyDisk_ItOpensForReadingWhatItHolds_AppendsThrowBufferWriteException_AndDisposeDoesNotThrow()
    {
        using var disk = MountOrSkip(512);
        var folder = Path.Combine(disk.Path, "buffer");
        Guid stream;
        using (var buffer = DiskBuffer.Open(folder, 1 << 20, MaxRecord))
        {
            stream = buffer.StreamId;
            AppendAndCommit(buffer, 100);
        }

        disk.RemountReadOnly();
        try
        {
            var buffer = DiskBuffer.Open(folder, 1 << 20, MaxRecord);
            Assert.Equal(stream, buffer.StreamId);
            Assert.Equal(100, buffer.LastAppended);
            Assert.Equal(Sequences(1, 100), ReadAll(buffer, 0));

            var failure = Assert.Throws<BufferWriteException>(() => AppendAndCommit(buffer, 10));
            Assert.Equal(StorageConditionKind.ReadOnly, StorageProbe.Classify(failure, folder)?.Kind);
            Assert.Equal(100, buffer.LastAppended);
            Assert.Null(Record.Exception(() => buffer.Acknowledge(100)));
            Assert.Null(Record.Exception(buffer.Dispose));
        }
        finally
        {
            disk.RemountWritable();
        }

        using var writable = DiskBuffer.Open(folder, 1 << 20, MaxRecord);
        AppendAndCommit(writable, 5);
        Assert.Equal(105, writable.LastAppended);
    }

    private TinyDisk MountOrSkip(int sizeKiB)
    {
        var disk = TinyDisk.MountOrExplain(_dir.Combine("tiny"), sizeKiB, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        return disk!;
    }

    private static TagValue Value(int i) => TagValue.FromText("sim/x", new string('x', 100) + i, DateTimeOffset.UnixEpoch);

    private static void AppendAndCommit(DiskBuffer buffer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(AppendResult.Appended, buffer.Append(Value(i)));
        }

        buffer.Commit();
    }

    private static List<long> Sequences(long first, long last) => [.. Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i)];

    private static List<long> ReadAll(DiskBuffer buffer, long after)
    {
        var sequences = new List<long>();
        using var cursor = new BufferCursor(after + 1);
        var destination = new byte[MaxRecord];
        int length;
        while ((length = buffer.Read(cursor, destination, out _, out _)) > 0)
        {
            var position = 0;
            while (position < length)
            {
                var (sequence, valueLength) = BufferRecord.ReadHeader(destination.AsSpan(position));
                sequences.Add(sequence);
                position += BufferRecord.HeaderBytes + valueLength;
            }
        }

        return sequences;
    }
}
