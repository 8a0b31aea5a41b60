using N3Host.Testing.Harness;
using N3Host.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new SyncOptions();
        Assert.Empty(options.Validate());
        Assert.Equal((4096, 1 << 20, 8), (options.MaxBatchRecords, options.MaxBatchBytes, options.MaxUnacknowledgedBatches));
    }

    [Fact]
    public void BadValues_NameTheSettingTheValueAndTheRange()
    {
        var options = new SyncOptions { MaxBatchRecords = 0, MaxBatchBytes = 100, MaxUnacknowledgedBatches = 1000 };
        var errors = options.Validate();
        Assert.Equal(
        [
            "setting sync.maxBatchRecords = 0 is out of range: allowed 1 to 65536",
            "setting sync.maxBatchBytes = 100 is out of range: allowed 4096 to 16777216",
            "setting sync.maxUnacknowledgedBatches = 1000 is out of range: allowed 1 to 256",
        ], errors);
        var error = Assert.Throws<ArgumentException>(() =>
            new JournalReplicator("n", new HostJournalRegistry(), options, new FakeTimeProvider(), new TestLog()));
        Assert.Contains("sync.maxBatchRecords = 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ReadsTheSyncSection_AndRefusesBadValuesByName()
    {
        Assert.Equal(4096, SyncOptions.FromConfiguration(null).MaxBatchRecords);
        var read = SyncOptions.FromConfiguration(new DictionaryConfiguration(new() { ["maxBatchRecords"] = "500", ["maxUnacknowledgedBatches"] = "2" }));
        Assert.Equal((500, 1 << 20, 2), (read.MaxBatchRecords, read.MaxBatchBytes, read.MaxUnacknowledgedBatches));

        var notANumber = Assert.Throws<ArgumentException>(() => SyncOptions.FromConfiguration(new DictionaryConfiguration(new() { ["maxBatchBytes"] = "1MB" })));
        Assert.Equal("setting sync.maxBatchBytes = '1MB' is not a whole number", notANumber.Message);
        var outOfRange = Assert.Throws<ArgumentException>(() => SyncOptions.FromConfiguration(new DictionaryConfiguration(new() { ["maxUnacknowledgedBatches"] = "0" })));
        Assert.Equal("setting sync.maxUnacknowledgedBatches = 0 is out of range: allowed 1 to 256", outOfRange.Message);
    }
}
