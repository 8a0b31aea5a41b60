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
            "setting 'sync.maxBatchRecords' = '0' must be a whole number in 1..65536",
            "setting 'sync.maxBatchBytes' = '100' must be a whole number in 4096..16777216",
            "setting 'sync.maxUnacknowledgedBatches' = '1000' must be a whole number in 1..256",
        ], errors);
        var error = Assert.Throws<ArgumentException>(() =>
            new JournalReplicator("n", new HostJournalRegistry(), options, new FakeTimeProvider(), new TestLog()));
        Assert.Contains("setting 'sync.maxBatchRecords' = '0'", error.Message, StringComparison.Ordinal);
    }
}
