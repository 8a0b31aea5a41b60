using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian;
using N3Host.Plugins.Historian.Options;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace Historian.Tests.Module;

public sealed class HistorianModuleTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("historian-module");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ValuesFromTheTagBus_AreStored_OnlyForTheConfiguredTags()
    {
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["tags:0"] = "plant/tag*",
            ["batchSize"] = "100",
        }, output);
        var values = TestData.Interleaved(3, 250);
        await h.PublishAsync(values);
        await h.PublishAsync(TestData.Interleaved(2, 10, prefix: "other/x"));

        await h.WaitForStoredAsync(values.Count, "every plant/tag* value stored");
        foreach (var tag in new[] { "plant/tag0", "plant/tag1", "plant/tag2" })
            Assert.Equal(values.Where(v => v.Path == tag), await h.ReadAllAsync(tag));
        Assert.Empty(await h.ReadAllAsync("other/x0"));
        Assert.Equal(values.Count, h.Status.Received);
        Assert.Equal("writing", h.Status.State);
        Assert.Empty(h.Context.Faults);
    }

    [Fact]
    public async Task PartialBatch_IsWritten_AfterTheFlushInterval_OnTheModulesClock()
    {
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?> { ["flushIntervalMs"] = "5000" }, output);
        await h.PublishAsync(TestData.Interleaved(1, 3));

        // Not before the flush interval, however long we wait in real time.
        await Task.Delay(300);
        Assert.Equal(0, h.Status.Stored);
        await Eventually.TrueAsync(
            () =>
            {
                h.Time.Advance(TimeSpan.FromMilliseconds(500));
                return h.Status.Stored == 3;
            },
            ModuleHarness.Patience,
            "the partial batch flushed after 5 s of module time");
    }

    [Fact]
    public async Task DurablePublish_CompletesOnlyOnceTheValuesAreInTheFile()
    {
        // What a link waits on before it acknowledges its sender: the values are committed, not just queued.
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?> { ["flushIntervalMs"] = "5000" }, output);
        var values = TestData.Interleaved(2, 3);

        var publish = (await h.Context.Bus.PublishDurableAsync(values, default)).Stored;
        await Eventually.TrueAsync(() => h.Status.Received == values.Count, ModuleHarness.Patience, "the historian took the values");
        await Task.Delay(300);
        Assert.False(publish.IsCompleted, "acknowledged before the flush interval stored them");
        Assert.Equal(0, h.Status.Stored);

        await Eventually.TrueAsync(
            () =>
            {
                h.Time.Advance(TimeSpan.FromMilliseconds(500));
                return publish.IsCompleted;
            },
            ModuleHarness.Patience,
            "the durable publish completed after the flush");
        Assert.Equal(1, await publish);
        Assert.Equal(values.Count, h.Status.Stored);
        Assert.Equal(values.Where(v => v.Path == "plant/tag1"), await h.ReadAllAsync("plant/tag1"));
    }

    [Fact]
    public async Task AfterTheHistorianStopped_ADurablePublishReportsThatNothingStoredTheValues()
    {
        var bus = new HostTagBus();
        var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?> { ["tags:0"] = "plant/*", ["flushIntervalMs"] = "5000" }, output, bus: bus);
        await h.DisposeAsync();

        // Stopped: nothing stores plant/* any more, so a durable publish says nobody stored them.
        Assert.Equal(0, (await bus.PublishDurableAsync(TestData.Interleaved(1, 2), default)).DurableSubscribers);
        Assert.Equal(0, bus.SubscriberCount);
    }

    [Fact]
    public async Task Deadband_StoresOnlyMovesBeyondIt_AndMaxInterval_StoresAnyway()
    {
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["deadbandAbsolute"] = "1.0",
            ["maxIntervalMs"] = "60000",
            ["batchSize"] = "1",
        }, output);
        double[] numbers = [10, 10.5, 10.9, 11.5, 11.6, 9.0, 9.2, 9.3];
        var values = numbers.Select((n, i) => TagValue.FromNumber("d", n, TestData.Start.AddSeconds(i))).ToList();
        values.Add(TagValue.FromNumber("d", 9.3, TestData.Start.AddSeconds(100)));
        values.Add(TagValue.FromNumber("d", 9.4, TestData.Start.AddSeconds(101), TagQuality.Bad));
        await h.PublishAsync(values);

        await Eventually.TrueAsync(() => h.Status.Received == values.Count && h.Status.Stored + h.Status.Filtered == values.Count, ModuleHarness.Patience, "every value taken");
        var stored = await h.ReadAllAsync("d");
        Assert.Equal([10, 11.5, 9.0, 9.3, 9.4], stored.Select(v => v.Number));
        Assert.Equal(TagQuality.Bad, stored[^1].Quality);
    }

    [Fact]
    public async Task StopInTheMiddleOfABatch_StoresThePartialBatch_AndARestartContinues_NothingLostOrDoubled()
    {
        var settings = new Dictionary<string, string?> { ["batchSize"] = "1000", ["flushIntervalMs"] = "600000" };
        var time = new FakeTimeProvider(TestData.Start.AddDays(1));
        var first = TestData.Interleaved(1, 2500);
        await using (var h = await ModuleHarness.StartAsync(_dir.Path, settings, output, time))
        {
            await h.PublishAsync(first);
            await Eventually.TrueAsync(() => h.Status.Stored == 2000, ModuleHarness.Patience, "two full batches stored");

            // 500 values wait in a partial batch (the flush interval is far away): stop now.
            await h.Module.StopAsync(default);
            Assert.Equal(2500, (await h.ReadAllAsync("plant/tag0")).Count);
        }

        var second = TestData.Interleaved(1, 700, TestData.Start.AddHours(1));
        await using (var h = await ModuleHarness.StartAsync(_dir.Path, settings, output, time))
        {
            await h.PublishAsync(second);
            await h.Module.StopAsync(default);
            var all = await h.ReadAllAsync("plant/tag0");
            Assert.Equal(first.Concat(second), all);
            var journal = h.Context.Registry.Get("historian/hist");
            Assert.Equal(4, await journal.GetLastSequenceAsync("node1", default));
            var records = await journal.ReadAsync("node1", 0, 10, default);
            Assert.Equal([1L, 2L, 3L, 4L], records.Select(r => r.Sequence));
        }
    }

    [Fact]
    public async Task RecordsCarryTheTermInForce_WhenTheBatchWasWritten()
    {
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?> { ["batchSize"] = "10" }, output);
        h.Context.Gate.Set(new RoleState(RedundancyMode.Primary, NodeRole.Active, 12, "test", TestData.Start));
        await h.PublishAsync(TestData.Interleaved(1, 10));
        await h.WaitForStoredAsync(10, "a batch stored");

        // One record, or two when the harness's clock reached the flush interval while the pump had read only part of the
        // values (WaitForStoredAsync moves the fake time on): each carries the term.
        var records = await h.Context.Registry.Get("historian/hist").ReadAsync("node1", 0, 10, default);
        Assert.NotEmpty(records);
        Assert.All(records, record => Assert.Equal(12, record.Term));
    }

    [Theory]
    [InlineData("batchSize", "0", "setting 'batchSize' = '0' must be a whole number in 1..100000")]
    [InlineData("flushIntervalMs", "5", "setting 'flushIntervalMs' = '5' must be a whole number in 10..600000")]
    [InlineData("deadbandPercent", "150", "setting 'deadbandPercent' = '150' must be a number in 0..100")]
    [InlineData("retentionDays", "-1", "setting 'retentionDays' = '-1' must be a whole number in 0..36500")]
    [InlineData("bufferLimitBytes", "1000", "setting 'bufferLimitBytes' = '1000' must be a whole number in 65536..1099511627776")]
    [InlineData("store", "postgres", "setting 'store' = 'postgres' must be one of sqlite, mongodb")]
    [InlineData("batchSise", "10", "setting 'batchSise' = '10' is not a setting here; known: store, mongodb, tags, deadbandAbsolute, deadbandPercent, maxIntervalMs, batchSize, flushIntervalMs, queueCapacity, bufferLimitBytes, bufferDirectory, writeTimeoutMs, retryIntervalMs, retentionDays, memoryLimitValues, diskProbeIntervalMs")]
    [InlineData("batchSize", "many", "setting 'batchSize' = 'many' must be a whole number in 1..100000")]
    [InlineData("batchSize", "2.5", "setting 'batchSize' = '2.5' must be a whole number in 1..100000")]
    [InlineData("deadbandAbsolute", "x", "setting 'deadbandAbsolute' = 'x' must be a number in 0..1000000000000")]
    public void BadSetting_FaultsTheInstance_NamingTheFileTheInstanceTheSettingItsValueAndItsRange(string key, string value, string expected)
    {
        var context = new ModuleTestContext("Historian", new Dictionary<string, string?> { [key] = value }, "hist", new FakeTimeProvider(), output, node: "node1", dataDirectory: _dir.Path);
        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<HistorianModule>(context));
        Assert.Equal(["modules.json: instance 'hist': " + expected], error.Failures);
        Assert.Equal(0, context.Bus.SubscriberCount);
        Assert.Empty(context.Registry.All);
    }

    [Fact]
    public void TwoBadSettings_AreBothReported_AtOnce()
    {
        var context = new ModuleTestContext("Historian", new { batchSize = 0, flushIntervalMs = 5 }, "hist", new FakeTimeProvider(), output, node: "node1", dataDirectory: _dir.Path);
        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<HistorianModule>(context));
        Assert.Equal(
            [
                "modules.json: instance 'hist': setting 'batchSize' = '0' must be a whole number in 1..100000",
                "modules.json: instance 'hist': setting 'flushIntervalMs' = '5' must be a whole number in 10..600000",
            ],
            error.Failures);
    }

    [Fact]
    public void NoSettings_BindTheDefaultsOfTheOptionsType()
    {
        var context = new ModuleTestContext("Historian", null, "hist", new FakeTimeProvider(), output, node: "node1", dataDirectory: _dir.Path);
        var options = ModuleFactory.Options<HistorianModule, HistorianOptions>(context);
        var defaults = new HistorianOptions();
        Assert.Equal(
            (defaults.Store, defaults.BatchSize, defaults.FlushIntervalMs, defaults.QueueCapacity, defaults.BufferLimitBytes, defaults.RetentionDays, defaults.MongoDb.Database),
            (options.Store, options.BatchSize, options.FlushIntervalMs, options.QueueCapacity, options.BufferLimitBytes, options.RetentionDays, options.MongoDb.Database));
        Assert.Empty(options.Tags);
    }

    [Fact]
    public void MongoDbStore_WithoutAConnectionString_FaultsTheInstance_SayingWhatIsNeeded()
    {
        var context = new ModuleTestContext("Historian", new Dictionary<string, string?> { ["store"] = "mongodb" }, "hist", new FakeTimeProvider(), output, node: "node1", dataDirectory: _dir.Path);
        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<HistorianModule>(context));
        Assert.Equal(["modules.json: instance 'hist': setting 'mongodb.connectionString' is missing: it must be a connection string starting with mongodb:// or mongodb+srv:// (required with store 'mongodb'), e.g. mongodb://127.0.0.1:27017"], error.Failures);
        Assert.Empty(context.Registry.All);
    }
}
