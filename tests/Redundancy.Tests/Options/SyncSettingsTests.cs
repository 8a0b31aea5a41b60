using Microsoft.Extensions.Configuration;
using N3Host.Plugins.Redundancy.Options;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Options;

/// <summary>The <c>sync</c> section of the redundancy instance's settings, as the module reads it at start.</summary>
public sealed class SyncSettingsTests
{
    private static RedundancyOptions Read(params (string Key, string Value)[] settings) =>
        RedundancyOptionsReader.Read(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            "redundancy");

    private static string Error(params (string Key, string Value)[] settings) =>
        Assert.Throws<RedundancySettingsException>(() => Read(settings)).Message;

    [Fact]
    public void Absent_GivesTheDefaults()
    {
        var sync = Read().Sync;

        Assert.Equal(4096, sync.MaxBatchRecords);
        Assert.Equal(1 << 20, sync.MaxBatchBytes);
        Assert.Equal(8, sync.MaxUnacknowledgedBatches);
    }

    [Fact]
    public void Values_AreRead()
    {
        var sync = Read(("sync:maxBatchRecords", "10"), ("sync:maxBatchBytes", "65536"), ("sync:maxUnacknowledgedBatches", "1")).Sync;

        Assert.Equal(10, sync.MaxBatchRecords);
        Assert.Equal(65536, sync.MaxBatchBytes);
        Assert.Equal(1, sync.MaxUnacknowledgedBatches);
    }

    [Fact]
    public void OutOfRange_NamesTheFileTheInstanceTheSettingAndTheRange()
    {
        Assert.Equal("modules.json, instance 'redundancy': setting sync.maxBatchRecords = 0 is out of range: allowed 1 to 65536",
            Error(("sync:maxBatchRecords", "0")));
    }

    [Fact]
    public void ABatchLargerThanAFrameOfThePeerLink_IsRefused()
    {
        var error = Error(("sync:maxBatchBytes", "16777216"));

        Assert.Contains("sync.maxBatchBytes = 16777216 is out of range: allowed 4096 to 16711680", error);
    }

    [Fact]
    public void UnknownKey_IsRefusedWithTheKnownOnes()
    {
        var error = Error(("sync:batchSize", "10"));

        Assert.Contains("unknown setting 'sync.batchSize'", error);
        Assert.Contains("maxBatchRecords, maxBatchBytes, maxUnacknowledgedBatches", error);
    }
}
