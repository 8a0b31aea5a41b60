using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Options;

/// <summary>The <c>sync</c> section of the redundancy instance's settings, bound and validated with the rest.</summary>
public sealed class SyncSettingsTests
{
    private const string Where = "modules.json: instance 'redundancy': ";

    [Fact]
    public void Absent_GivesTheDefaults()
    {
        var sync = OptionsTests.Read().Sync;

        Assert.Equal(4096, sync.MaxBatchRecords);
        Assert.Equal(1 << 20, sync.MaxBatchBytes);
        Assert.Equal(8, sync.MaxUnacknowledgedBatches);
    }

    [Fact]
    public void Values_AreRead()
    {
        var sync = OptionsTests.Read(("sync:maxBatchRecords", "10"), ("sync:maxBatchBytes", "65536"), ("sync:maxUnacknowledgedBatches", "1")).Sync;

        Assert.Equal(10, sync.MaxBatchRecords);
        Assert.Equal(65536, sync.MaxBatchBytes);
        Assert.Equal(1, sync.MaxUnacknowledgedBatches);
    }

    [Fact]
    public void OutOfRange_NamesTheFileTheInstanceTheSettingAndTheRange()
    {
        Assert.Equal([Where + "setting 'sync.maxBatchRecords' = '0' must be a whole number in 1..65536"], OptionsTests.Errors(("sync:maxBatchRecords", "0")));
    }

    [Fact]
    public void ABatchLargerThanAFrameOfThePeerLink_IsRefused()
    {
        Assert.Equal([Where + "setting 'sync.maxBatchBytes' = '16777216' must be a whole number in 4096..16711680 (a batch must fit in one frame of the peer link)"],
            OptionsTests.Errors(("sync:maxBatchBytes", "16777216")));
    }

    [Fact]
    public void UnknownKey_IsRefusedWithTheKnownOnes()
    {
        Assert.Equal([Where + "setting 'sync.batchSize' = '10' is not a setting here; known: maxBatchRecords, maxBatchBytes, maxUnacknowledgedBatches"],
            OptionsTests.Errors(("sync:batchSize", "10")));
    }
}
