using Historian.Tests.Module;
using Microsoft.Data.Sqlite;
using N3Host.Contracts;
using N3Host.Plugins.Historian;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.Buffer;

public sealed class StoreAndForwardTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("historian-saf");

    public void Dispose() => _dir.Dispose();

    /// <summary>A 16 KiB tmpfs to fill up (needs root); the test is skipped, with the reason printed, where it cannot be mounted.</summary>
    private TinyDisk MountTinyDiskOrSkip()
    {
        var disk = TinyDisk.MountOrExplain(_dir.Combine("tiny"), 16 * 1024, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        return disk!;
    }

    /// <summary>Advances the module's clock a second at a time (its retries) until <paramref name="condition"/> holds.</summary>
    private static Task UntilAsync(ModuleHarness h, Func<bool> condition, string because) =>
        Eventually.TrueAsync(
            () =>
            {
                h.Time.Advance(TimeSpan.FromSeconds(1));
                return condition();
            },
            ModuleHarness.Patience,
            because);

    [SkippableFact]
    public async Task DiskFull_InTheMiddleOfABatch_BuffersWithAClearError_AndDrainsWhenSpaceIsFreed_EveryValueOnce()
    {
        using var disk = MountTinyDiskOrSkip();

        await using var h = await ModuleHarness.StartAsync(
            Path.Combine(disk.Path, "data"),
            new Dictionary<string, string?>
            {
                ["batchSize"] = "500",
                ["retryIntervalMs"] = "1000",
                ["bufferDirectory"] = _dir.Combine("buffer"),
            },
            output);
        var values = TestData.Interleaved(1, 20_000);
        await h.PublishAsync(values.Take(500));
        await h.WaitForStoredAsync(500, "the first batch stored (the file exists)");

        var filler = disk.Fill();
        await h.PublishAsync(values.Skip(500));
        await Eventually.TrueAsync(() => h.Status.Received == values.Count && h.Status.BufferedBatches > 0, ModuleHarness.Patience, "values buffered once the disk is full");
        var status = h.Status;
        output.WriteLine($"while full: {status}");
        Assert.Equal("buffering", status.State);
        Assert.Contains("full", status.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(HistorianModule.DatabaseFileName, status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, status.Overflowed);

        File.Delete(filler);
        await UntilAsync(h, () => h.Status.BufferedBatches == 0 && h.Status.Stored == values.Count, "the buffer drained once space was freed");
        Assert.Equal("writing", h.Status.State);
        Assert.Equal(values, await h.ReadAllAsync("plant/tag0"));
    }

    [SkippableFact]
    public async Task BufferFull_CountsLogsAndShowsTheOverflow_AndKeepsWhatItHolds()
    {
        using var disk = MountTinyDiskOrSkip();

        await using var h = await ModuleHarness.StartAsync(
            Path.Combine(disk.Path, "data"),
            new Dictionary<string, string?>
            {
                ["batchSize"] = "100",
                ["retryIntervalMs"] = "1000",
                ["bufferLimitBytes"] = "65536",
                ["bufferDirectory"] = _dir.Combine("buffer"),
            },
            output);
        var values = TestData.Interleaved(1, 10_000);
        await h.PublishAsync(values.Take(100));
        await h.WaitForStoredAsync(100, "the first batch stored");
        var filler = disk.Fill();
        await h.PublishAsync(values.Skip(100));
        await Eventually.TrueAsync(() => h.Status.Received == values.Count && h.Status.Overflowed > 0, ModuleHarness.Patience, "the buffer overflowed");
        var status = h.Status;
        output.WriteLine($"overflowing: {status}");
        Assert.Contains(h.Context.Log.Errors(), e => e.EventName == "HistorianBufferOverflow");
        Assert.True(status.BufferedBytes <= 65_536);

        File.Delete(filler);
        await UntilAsync(h, () => h.Status.BufferedBatches == 0 && h.Status.Stored + h.Status.Overflowed == values.Count, "what the buffer held was forwarded");
        var stored = await h.ReadAllAsync("plant/tag0");
        Assert.Equal(h.Status.Stored, stored.Count);
        Assert.Equal(stored.Count, stored.Select(v => v.SourceTime).Distinct().Count());
        Assert.Equal(values.Count - h.Status.Overflowed, stored.Count);
    }

    [Fact]
    public async Task DatabaseLockedByAnotherProgram_ValuesWaitInTheBuffer_AndArriveOnceWhenItLetsGo()
    {
        await using var h = await ModuleHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?> { ["batchSize"] = "200", ["retryIntervalMs"] = "1000" }, output);
        var values = TestData.Interleaved(2, 1000);
        await h.PublishAsync(values.Take(200));
        await h.WaitForStoredAsync(200, "the first batch stored");

        // Another program takes the database's write lock and keeps it (SQLite's busy timeout is 5 s).
        var path = Path.Combine(h.Context.DataDirectory, HistorianModule.DatabaseFileName);
        await using (var other = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();

            await h.PublishAsync(values.Skip(200));
            await Eventually.TrueAsync(() => h.Status.Received == values.Count && h.Status.BufferedBatches >= 8, ModuleHarness.Patience, "later batches buffered behind the first failed one");
            Assert.Equal("buffering", h.Status.State);
            Assert.Contains("locked", h.Status.LastError, StringComparison.OrdinalIgnoreCase);
        }

        await UntilAsync(h, () => h.Status.BufferedBatches == 0 && h.Status.Stored == values.Count, "the buffer drained after the lock was released");
        Assert.Equal(values.Where(v => v.Path == "plant/tag1"), await h.ReadAllAsync("plant/tag1"));
    }

    [Fact]
    public async Task ValuesBufferedBeforeARestart_AreForwardedAfterIt()
    {
        var data = _dir.Combine("data");
        var settings = new Dictionary<string, string?> { ["batchSize"] = "100", ["retryIntervalMs"] = "1000" };
        var values = TestData.Interleaved(1, 600);
        await using (var h = await ModuleHarness.StartAsync(data, settings, output))
        {
            await h.PublishAsync(values.Take(100));
            await h.WaitForStoredAsync(100, "the first batch stored");
            var path = Path.Combine(data, HistorianModule.DatabaseFileName);
            await using var other = new SqliteConnection($"Data Source={path};Pooling=false");
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync();
            await h.PublishAsync(values.Skip(100));
            await Eventually.TrueAsync(() => h.Status.BufferedBatches == 5, ModuleHarness.Patience, "five batches buffered");

            // Stop (forwarding fails while locked), then let go of the lock.
            await h.Module.StopAsync(default);
        }

        await using var restarted = await ModuleHarness.StartAsync(data, settings, output);
        await Eventually.TrueAsync(
            () =>
            {
                restarted.Time.Advance(TimeSpan.FromSeconds(1));
                return restarted.Status.BufferedBatches == 0 && restarted.Status.Stored == 500;
            },
            ModuleHarness.Patience,
            "the buffer from before the restart forwarded");
        Assert.Equal(values, await restarted.ReadAllAsync("plant/tag0"));
    }
}
