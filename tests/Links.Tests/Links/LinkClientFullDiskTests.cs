using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Links;

/// <summary>
/// A link client whose instance data folder is a real small tmpfs (needs root to mount; skipped, with the reason printed,
/// elsewhere), against a real link server over loopback TLS. The client's clock is fake: its probes come due when the
/// test advances it.
/// </summary>
public sealed class LinkClientFullDiskTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task OnAFullDisk_TheClientIsDegradedWithTheCondition_CountsEveryValueThatDidNotGetThrough_AndResumesWithinFiveSecondsOfSpaceComingBack()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = LinkRig.Create(remoteTime: time);
        rig.ErrorsExpected = true;
        using var disk = MountOrSkip(rig, 1024);
        var bufferFolder = Path.Combine(disk.Path, "buffer");
        await rig.StartServerAsync();
        await rig.StartClientAsync(Settings(rig));
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");
        await rig.PublishCounterAsync(1, 100);
        await Eventually.TrueAsync(() => rig.Received!.Count == 100, Patience, "the first values arrive");

        var filler = disk.Fill();
        await rig.PublishCounterAsync(101, 1000);
        await Eventually.TrueAsync(
            () => Long(rig, "lostTotal") + rig.Received!.Count - 100 == 1000 && Long(rig, "bufferedValues") == 0,
            Patience,
            "every value either arrived or is counted as lost");
        var status = rig.ClientStatus;
        output.WriteLine($"while full: {status.ToJsonString()}");
        var lost = Long(rig, "lostTotal");
        Assert.True(lost > 0, "the full disk lost values");
        Assert.Equal(lost, status["lost"]!["diskFull"]!.GetValue<long>());
        Assert.StartsWith($"disk full at {bufferFolder} (", status["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(" bytes free)", status["condition"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(status["condition"]!.GetValue<string>(), rig.ClientContext!.Condition);
        Assert.Empty(rig.ClientContext.Faults);
        Assert.True(rig.Remote.Logs.Contains($"cannot write at {bufferFolder}", LogLevel.Error));
        Assert.Equal(Enumerable.Range(1, rig.Received!.Count), rig.Received.Values.Select(v => (int)v.Number));
        await Eventually.TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromSeconds(1));
                return rig.Remote.Tags.TryGetLatest("links/link-out/lost", out var tag) && tag.Number == lost;
            },
            Patience,
            "the loss count is published as a tag");

        // Space comes back: within 5 s of the client's clock (probes every 2 s by default) it appends again.
        File.Delete(filler);
        var advanced = TimeSpan.Zero;
        await Eventually.TrueAsync(
            () =>
            {
                if (advanced < TimeSpan.FromSeconds(5))
                {
                    time.Advance(TimeSpan.FromMilliseconds(250));
                    advanced += TimeSpan.FromMilliseconds(250);
                }

                return rig.ClientStatus["condition"] is null;
            },
            Patience,
            "appending resumed within 5 s of the client's clock after space came back");
        output.WriteLine($"resumed after {advanced.TotalMilliseconds} ms of the client's clock");
        Assert.Null(rig.ClientContext.Condition);
        Assert.Null(rig.ClientContext.Conditions[^1]);
        Assert.True(rig.Remote.Logs.Contains($"Link buffer at {bufferFolder} writes again; {lost - 0} value(s) were lost"));

        var before = rig.Received.Count;
        await rig.PublishCounterAsync(5001, 100);
        await Eventually.TrueAsync(() => rig.Received.Count == before + 100, Patience, "values sent after space came back arrive");
        Assert.Equal(Enumerable.Range(5001, 100), rig.Received.Values.Skip(before).Select(v => (int)v.Number));
        Assert.Equal(lost, Long(rig, "lostTotal"));

        // The count is on the disk and survives a restart of the module.
        var saved = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllBytes(Path.Combine(disk.Path, "losses.json")))!;
        Assert.Equal(lost, saved["diskFull"]);
        await rig.StopClientAsync();
        await rig.StartClientAsync(Settings(rig));
        Assert.Equal(lost, Long(rig, "lostTotal"));
        Assert.Null(rig.ClientStatus["condition"]);
        await rig.StopClientAsync();
    }

    [SkippableFact]
    public async Task FirstStart_OnAFullDisk_IsDegradedWithAClearState_NoFault_AndStartsSendingWhenSpaceComesBack()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = LinkRig.Create(remoteTime: time);
        rig.ErrorsExpected = true;
        using var disk = MountOrSkip(rig, 512);
        var filler = disk.Fill();
        await rig.StartServerAsync();
        await rig.StartClientAsync(Settings(rig));

        var condition = rig.ClientStatus["condition"]?.GetValue<string>();
        output.WriteLine($"at start: {rig.ClientStatus.ToJsonString()}");
        Assert.StartsWith($"disk full at {Path.Combine(disk.Path, "buffer")}", condition, StringComparison.Ordinal);
        Assert.Equal(condition, rig.ClientContext!.Condition);
        Assert.Empty(rig.ClientContext.Faults);
        await rig.PublishCounterAsync(1, 10);
        await Eventually.TrueAsync(() => Long(rig, "lostTotal") == 10, Patience, "values that arrive while the disk is full are counted");

        File.Delete(filler);
        await AdvanceUntilAsync(time, () => rig.ClientStatus["condition"] is null && rig.ClientConnected, "the client resumes once space came back");
        await rig.PublishCounterAsync(11, 10);
        await Eventually.TrueAsync(() => rig.Received!.Count == 10, Patience, "values published after space came back arrive");
        Assert.Equal(Enumerable.Range(11, 10), rig.Received!.Values.Select(v => (int)v.Number));
        Assert.Equal(10, rig.ClientStatus["lost"]!["diskFull"]!.GetValue<long>());
        await rig.StopClientAsync();
    }

    [SkippableFact]
    public async Task FirstStart_OnAReadOnlyDisk_WhereTheBufferCannotEvenBeMade_IsDegradedReadOnly_AndStartsWhenWritable()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = LinkRig.Create(remoteTime: time);
        rig.ErrorsExpected = true;
        using var disk = MountOrSkip(rig, 512);
        disk.RemountReadOnly();
        try
        {
            await rig.StartServerAsync();
            await rig.StartClientAsync(Settings(rig));
            var status = rig.ClientStatus;
            output.WriteLine($"at start: {status.ToJsonString()}");
            Assert.Equal($"read-only at {Path.Combine(disk.Path, "buffer")}", status["condition"]?.GetValue<string>());
            Assert.Equal(status["condition"]!.GetValue<string>(), rig.ClientContext!.Condition);
            Assert.Empty(rig.ClientContext.Faults);
            await rig.PublishCounterAsync(1, 10);
            await Eventually.TrueAsync(() => Long(rig, "lostTotal") == 10, Patience, "values that arrive while read-only are counted");
            Assert.Equal(10, rig.ClientStatus["lost"]!["readOnly"]!.GetValue<long>());
        }
        finally
        {
            disk.RemountWritable();
        }

        await AdvanceUntilAsync(time, () => rig.ClientStatus["condition"] is null && rig.ClientConnected, "the client opens its buffer and connects once the disk is writable");
        await rig.PublishCounterAsync(11, 10);
        await Eventually.TrueAsync(() => rig.Received!.Count == 10, Patience, "values published once writable arrive");
        Assert.True(File.Exists(Path.Combine(disk.Path, "losses.json")));
        await rig.StopClientAsync();
    }

    private static Dictionary<string, object> Settings(LinkRig rig)
    {
        var settings = rig.ClientSettings();

        // The client's clock only moves when the test advances it: no timeout may expire on its own.
        settings["connectionTimeout"] = 600_000;
        return settings;
    }

    private static long Long(LinkRig rig, string field) => rig.ClientStatus[field]!.GetValue<long>();

    private static Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition, string because) =>
        Eventually.TrueAsync(
            () =>
            {
                time.Advance(TimeSpan.FromMilliseconds(500));
                return condition();
            },
            Patience,
            because);

    /// <summary>Mounts the tmpfs as the client instance's data folder (before the instance exists).</summary>
    private TinyDisk MountOrSkip(LinkRig rig, int sizeKiB)
    {
        var disk = TinyDisk.MountOrExplain(Path.Combine(rig.Remote.DataDirectory, "modules", "link-out"), sizeKiB, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        return disk!;
    }
}
