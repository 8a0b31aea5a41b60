using System.Text.Json;
using Historian.Tests.Module;
using N3Host.Contracts;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.Storage;

/// <summary>A full and a read-only data folder on a real tmpfs: a state the historian waits out, never a fault.</summary>
public sealed class DiskConditionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("historian-disk");

    public void Dispose() => _dir.Dispose();

    private TinyDisk MountOrSkip(int sizeKiB)
    {
        var disk = TinyDisk.MountOrExplain(_dir.Combine("tiny"), sizeKiB, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        return disk!;
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["batchSize"] = "500",
        ["retryIntervalMs"] = "1000",
        ["memoryLimitValues"] = "5000",
        ["diskProbeIntervalMs"] = "2000",
    };

    /// <summary>Advances fake time a second at a time, at most <paramref name="seconds"/> times, until <paramref name="condition"/> holds; returns the seconds it took.</summary>
    private static async Task<int> WithinAsync(ModuleHarness h, int seconds, Func<bool> condition, string because)
    {
        for (var s = 1; s <= seconds; s++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            var deadline = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < deadline)
            {
                if (condition())
                    return s;
                await Task.Delay(20);
            }
        }

        throw new TimeoutException($"not within {seconds} s (fake time): {because}");
    }

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
    public async Task DiskFull_UnderLoad_IsDegradedNotFaulted_HoldsAndCounts_StaysQueryable_AndResumesWithin5sOfSpace()
    {
        using var disk = MountOrSkip(2048);
        var data = Path.Combine(disk.Path, "data");
        var values = TestData.Interleaved(10, 4000);
        await using (var h = await ModuleHarness.StartAsync(data, Settings(), output))
        {
            await h.PublishAsync(values.Take(1000));
            await h.WaitForStoredAsync(1000, "the first batches stored");

            var filler = disk.Fill();
            await h.PublishAsync(values.Skip(1000));
            await UntilAsync(h, () => h.Status.Received == values.Count && h.Status.State == "degraded" && h.Status.Lost.DiskFull > 0, "degraded, memory full, the rest counted");

            var status = h.Status;
            output.WriteLine($"while full: {status}");
            Assert.StartsWith($"disk full at {data}", status.Condition, StringComparison.Ordinal);
            Assert.EndsWith("bytes free)", status.Condition, StringComparison.Ordinal);
            Assert.Equal(status.Condition, status.LastError);
            Assert.Equal(status.Condition, h.Context.Condition);
            Assert.Empty(h.Context.Faults);
            Assert.Equal(5000, status.HeldValues);
            Assert.Equal(status.Lost.Total, status.Overflowed);
            Assert.Equal(0, status.Lost.BufferFull + status.Lost.ReadOnly + status.Lost.Restarting);
            Assert.True(status.LostSaved, "the count is saved on the full disk too (the reserve makes room)");

            // What is stored stays queryable while the disk is full.
            Assert.True((await h.ReadAllAsync("plant/tag0")).Count >= 100);

            File.Delete(filler);
            var took = await WithinAsync(h, 5, () => h.Status.State != "degraded" && h.Status.HeldValues == 0, "writing resumed after space came back");
            output.WriteLine($"resumed {took} s (fake time) after the filler was deleted");
            Assert.Null(h.Context.Condition);

            await UntilAsync(h, () => h.Status.BufferedBatches == 0 && h.Status.Stored + h.Status.Lost.Total == values.Count, "everything either stored or counted");
            status = h.Status;
            output.WriteLine($"after: {status}");
            Assert.True(status.LostSaved);
            var stored = 0;
            for (var t = 0; t < 10; t++)
            {
                var tag = await h.ReadAllAsync($"plant/tag{t}");
                Assert.Equal(tag.Count, tag.Select(v => v.SourceTime).Distinct().Count());
                stored += tag.Count;
            }

            Assert.Equal(status.Stored, stored);
        }

        // The count survives a restart: it is in losses.json, not in the run.
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "losses.json"))).RootElement;
        await using var again = await ModuleHarness.StartAsync(data, Settings(), output);
        Assert.Equal(saved.GetProperty("diskFull").GetInt64(), again.Status.Lost.DiskFull);
        Assert.True(again.Status.Lost.DiskFull > 0);
        Assert.Equal("writing", again.Status.State);
    }

    /// <summary>
    /// The folder is made read-only while the historian is stopped: Linux refuses to remount a filesystem read-only while a
    /// file on it is open for writing (EBUSY), and the historian keeps its database open. Every write then fails with EROFS,
    /// as it does on a disk the kernel remounted read-only after an error.
    /// </summary>
    [SkippableFact]
    public async Task ReadOnlyDataFolder_IsDegradedWithReadOnlyAtPath_StaysQueryable_AndResumesWhenWritable()
    {
        using var disk = MountOrSkip(8192);
        var data = Path.Combine(disk.Path, "data");
        var values = TestData.Interleaved(10, 1500);
        await using (var first = await ModuleHarness.StartAsync(data, Settings(), output))
        {
            await first.PublishAsync(values.Take(1000));
            await first.WaitForStoredAsync(1000, "the first batches stored");
        }

        disk.RemountReadOnly();
        var writable = false;
        try
        {
            await using var h = await ModuleHarness.StartAsync(data, Settings(), output);
            await h.PublishAsync(values.Skip(1000).Take(2000));
            await UntilAsync(h, () => h.Status.Received == 2000 && h.Status.State == "degraded", "degraded on the read-only folder");
            var status = h.Status;
            output.WriteLine($"read-only: {status}");
            Assert.StartsWith($"read-only at {data}", status.Condition, StringComparison.Ordinal);
            Assert.Equal(status.Condition, status.LastError);
            Assert.Equal(status.Condition, h.Context.Condition);
            Assert.Empty(h.Context.Faults);
            Assert.Equal(2000, status.HeldValues);
            Assert.Equal(100, (await h.ReadAllAsync("plant/tag0")).Count);

            disk.RemountWritable();
            writable = true;
            await WithinAsync(h, 5, () => h.Status.State != "degraded", "writing resumed once the folder is writable");
            await h.PublishAsync(values.Skip(3000));
            await UntilAsync(h, () => h.Status.BufferedBatches == 0 && h.Status.Stored == values.Count - 1000, "every value stored");
            Assert.Equal(0, h.Status.Lost.Total);
            Assert.Null(h.Context.Condition);
            Assert.Equal(values.Where(v => v.Path == "plant/tag3").ToList(), await h.ReadAllAsync("plant/tag3"));
        }
        finally
        {
            if (!writable)
                disk.RemountWritable();
        }
    }

    [SkippableFact]
    public async Task StoppedWhileHolding_CountsWhatItHeldAsRestarting_AndTheCountSurvivesTheRestart()
    {
        using var disk = MountOrSkip(2048);
        var data = Path.Combine(disk.Path, "data");
        var values = TestData.Interleaved(10, 600);
        string filler;
        await using (var h = await ModuleHarness.StartAsync(data, Settings(), output))
        {
            await h.PublishAsync(values.Take(1000));
            await h.WaitForStoredAsync(1000, "the first batches stored");
            filler = disk.Fill();
            await h.PublishAsync(values.Skip(1000));
            await UntilAsync(h, () => h.Status.Received == values.Count && h.Status.State == "degraded" && h.Status.HeldValues > 0, "values held in memory");

            // Received is counted as the pump takes a value, before its batch reaches the held values: wait until those settle.
            var before = h.Status;
            for (int settled = 0, polls = 0; settled < 5 && polls < 300; polls++, settled = h.Status.HeldValues == before.HeldValues && h.Status.Lost.DiskFull == before.Lost.DiskFull ? settled + 1 : 0)
            {
                before = h.Status;
                await Task.Delay(100);
            }

            await h.Module.StopAsync(default);
            var lost = h.Status.Lost;
            output.WriteLine($"after stop: {h.Status}");
            Assert.Equal(before.HeldValues, lost.Restarting);
            Assert.Equal(before.Lost.DiskFull, lost.DiskFull);
        }

        File.Delete(filler);
        await using var again = await ModuleHarness.StartAsync(data, Settings(), output);
        Assert.True(again.Status.Lost.Restarting > 0, "the count came back from losses.json");
    }

    [Fact]
    public async Task AFaultedRestart_CountsWhatWasPublishedWhileItsSubscriptionWasClosed_SoLostEqualsWhatTheHistoryLacks()
    {
        var values = TestData.Interleaved(5, 1000);
        await using var h = await ModuleHarness.StartAsync(_dir.Combine("data"), Settings(), output);
        await h.PublishAsync(values.Take(2000));
        await h.WaitForStoredAsync(2000, "the first values stored");

        // What the host's supervisor does on a fault: the subscription, once closed, counts what it misses; then a restart.
        h.Context.Bus.CountMissedWhenClosed("historian:hist");
        await h.Module.StopAsync(default);
        await h.PublishAsync(values.Skip(2000).Take(1500));
        await h.Module.StartAsync(h.Context, default);
        await h.PublishAsync(values.Skip(3500));
        await h.WaitForStoredAsync(1500, "the values after the restart stored");

        var status = h.Status;
        output.WriteLine($"after the restart: {status}");
        Assert.Equal(1500, status.Lost.Restarting);
        var stored = 0;
        for (var t = 0; t < 5; t++)
            stored += (await h.ReadAllAsync($"plant/tag{t}")).Count;
        Assert.Equal(values.Count - stored, status.Lost.Total);
        Assert.Contains(h.Context.Log.Errors(), e => e.EventName == "HistorianMissedWhileRestarting");
    }
}
