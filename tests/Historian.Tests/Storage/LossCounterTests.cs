using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts.Storage;
using N3Host.Plugins.Historian.Losses;
using N3Host.Plugins.Historian.Storage;
using N3Host.Testing;
using Xunit;

namespace Historian.Tests.Storage;

public sealed class LossCounterTests : IDisposable
{
    private readonly TempDirectory _dir = new("historian-losses");
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Counts_ByReason_AreSavedAtOnce_AndReadBackByTheNextCounter()
    {
        var counter = new LossCounter(_dir.Path, _time);
        Assert.True(File.Exists(Path.Combine(_dir.Path, LossCounter.FileName)), "the file exists from the start");
        Assert.True(File.Exists(Path.Combine(_dir.Path, LossCounter.ReserveFileName)), "the reserve exists from the start");

        Assert.Equal(10, counter.Add(LossReason.DiskFull, 10));
        Assert.Equal(13, counter.Add(LossReason.Restarting, 3));
        Assert.Equal(20, counter.Add(LossReason.BufferFull, 7));
        Assert.True(counter.Saved);

        var again = new LossCounter(_dir.Path, _time);
        Assert.Equal(new LossCounts(7, 10, 0, 3, 0), LossCounts.Of(again));
        Assert.Equal(20, again.Total);
        Assert.Null(again.LoadError);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void AnUnreadableFile_StartsFromZero_AndSaysWhy()
    {
        File.WriteAllText(Path.Combine(_dir.Path, LossCounter.FileName), "{ not json");

        var counter = new LossCounter(_dir.Path, _time);

        Assert.Equal(0, counter.Total);
        Assert.Contains(LossCounter.FileName, counter.LoadError, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_TellsAFullAndAReadOnlyDisk_FromOtherFailures()
    {
        Assert.Equal(StorageConditionKind.DiskFull, StoreErrors.Classify(new IOException("No space left on device", 28), _dir.Path)!.Kind);
        Assert.Equal(StorageConditionKind.ReadOnly, StoreErrors.Classify(new IOException("Read-only file system", 30), _dir.Path)!.Kind);
        Assert.Equal(StorageConditionKind.DiskFull, StoreErrors.Classify(new InvalidOperationException("wrapped", new SqliteException("database or disk is full", 13)), _dir.Path)!.Kind);
        Assert.Equal(StorageConditionKind.ReadOnly, StoreErrors.Classify(new SqliteException("attempt to write a readonly database", 8), _dir.Path)!.Kind);
        Assert.Null(StoreErrors.Classify(new IOException("Input/output error", 5), _dir.Path));
        Assert.Null(StorageProbe.Check(_dir.Path));
        Assert.Matches(@"^disk full at .+ \(\d+ bytes free\)$", new StorageCondition(StorageConditionKind.DiskFull, _dir.Path, StorageProbe.FreeBytes(_dir.Path)).Message);
    }
}
