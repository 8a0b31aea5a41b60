using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Simulator;

public sealed class SimulatorValueTests(ITestOutputHelper output)
{
    private const int PeriodMs = 500;

    private static readonly object FiveTags = new
    {
        periodMs = PeriodMs,
        tags = new object[]
        {
            new { path = "t/ramp", type = "ramp", min = 10, max = 20, periodSeconds = 4 },
            new { path = "t/sine", type = "sine", amplitude = 5, offset = 2, periodSeconds = 8 },
            new { path = "t/walk", type = "randomWalk", min = 0, max = 10, step = 2, seed = 42 },
            new { path = "t/counter", type = "counter", min = 0, max = 10, step = 3 },
            new { path = "t/square", type = "square", periodSeconds = 2 },
        },
    };

    [Fact]
    public async Task EveryGeneratorType_PublishesItsFormulaValue_AtEachPeriodBoundary()
    {
        // Started 123 ms after a boundary: the first sample belongs to that boundary, the next ones to each following one.
        await using var sim = new SimulatorHarness(FiveTags, output, SimulatorHarness.Epoch2026.AddMilliseconds(123));
        await sim.StartAsync();

        var ticks = new List<long>();
        var walk = new List<double>();
        for (var sample = 0; sample <= 20; sample++)
        {
            if (sample >= 1)
            {
                await sim.WaitingAsync();
            }

            if (sample == 1)
            {
                sim.Time.Advance(TimeSpan.FromMilliseconds(PeriodMs - 123 - 100));
                sim.Time.Advance(TimeSpan.FromMilliseconds(100));
            }
            else if (sample > 1)
            {
                // Two steps per period: nothing may be published in between (the next batch read is the boundary's).
                sim.Time.Advance(TimeSpan.FromMilliseconds(300));
                sim.Time.Advance(TimeSpan.FromMilliseconds(PeriodMs - 300));
            }

            var values = await sim.Subscription.ReadAsync(5);
            var unixMs = SimulatorHarness.Epoch2026.ToUnixTimeMilliseconds() + (sample * PeriodMs);
            var tick = unixMs / PeriodMs;
            ticks.Add(tick);
            Assert.All(values, v => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), v.SourceTime));
            Assert.Equal(["t/ramp", "t/sine", "t/walk", "t/counter", "t/square"], values.Select(v => v.Path));
            Assert.All(values, v => Assert.Equal(TagQuality.Good, v.Quality));

            Assert.Equal(ExpectedValues.Ramp(unixMs, 10, 20, 4), values[0].Number, 9);
            Assert.Equal(ExpectedValues.Sine(unixMs, 5, 2, 8), values[1].Number, 9);
            walk.Add(values[2].Number);
            Assert.Equal(ExpectedValues.Counter(tick, 0, 10, 3), values[3].Number, 9);
            Assert.Equal(TagValueKind.Boolean, values[4].Kind);
            Assert.Equal(ExpectedValues.Square(unixMs, 2), (bool)values[4].Value);
        }

        var expectedWalk = ExpectedValues.RandomWalk(ticks, 0, 10, 2, 42);
        for (var i = 0; i < walk.Count; i++)
        {
            Assert.Equal(expectedWalk[i], walk[i], 9);
            Assert.InRange(walk[i], 0, 10);
        }

        Assert.True(walk.Distinct().Count() > 10, "the random walk moves");

        Assert.Equal(21, sim.Status.Samples);
        Assert.Equal(105, sim.Status.Values);
        Assert.Equal(0, sim.Status.SkippedPeriods);
        await sim.StopAsync();
        Assert.False(sim.Subscription.Reader.TryRead(out _), "nothing beyond one batch per period");
        Assert.Empty(sim.Context.Faults);
    }

    [Fact]
    public async Task WhenTimeJumpsSeveralPeriods_PublishesOneBatchForTheLatestBoundary_AndCountsTheSkippedOnes()
    {
        await using var sim = new SimulatorHarness(FiveTags, output);
        await sim.StartAsync();
        await sim.Subscription.ReadAsync(5);

        await sim.WaitingAsync();
        sim.Time.Advance(TimeSpan.FromMilliseconds(PeriodMs * 3));
        var values = await sim.Subscription.ReadAsync(5);

        var start = SimulatorHarness.Epoch2026.ToUnixTimeMilliseconds();
        var unixMs = start + (3 * PeriodMs);
        Assert.All(values, v => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), v.SourceTime));
        Assert.Equal(ExpectedValues.Counter(unixMs / PeriodMs, 0, 10, 3), values[3].Number, 9);

        // The random walk went through the three ticks it missed: the same value as if it had sampled each one.
        var walked = ExpectedValues.RandomWalk([start / PeriodMs, (start / PeriodMs) + 1, (start / PeriodMs) + 2, (start / PeriodMs) + 3], 0, 10, 2, 42);
        Assert.Equal(walked[^1], values[2].Number, 9);

        Assert.Equal(2, sim.Status.SkippedPeriods);
        Assert.Equal(1, sim.Status.SkipBursts);
        Assert.Equal(2, sim.Status.LastBurst!.Periods);
        Assert.Contains(sim.Context.Log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("skipped 2 periods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryBurstOfSkippedPeriods_IsCountedAndLoggedWithItsSize_NotOnceAMinute()
    {
        await using var sim = new SimulatorHarness(FiveTags, output);
        await sim.StartAsync();
        await sim.Subscription.ReadAsync(5);

        foreach (var jump in new[] { 3, 5, 2 })
        {
            await sim.WaitingAsync();
            sim.Time.Advance(TimeSpan.FromMilliseconds(PeriodMs * jump));
            await sim.Subscription.ReadAsync(5);
        }

        await Eventually.TrueAsync(() => sim.Status.SkipBursts == 3, TimeSpan.FromSeconds(10), "three bursts counted");
        Assert.Equal(2 + 4 + 1, sim.Status.SkippedPeriods);
        Assert.Equal(1, sim.Status.LastBurst!.Periods);
        Assert.Equal(sim.Time.GetUtcNow(), sim.Status.LastBurst.At);
        var logged = sim.Context.Log.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("fell behind", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(3, logged.Count);
        Assert.Contains("skipped 2 periods at once (2 in all", logged[0], StringComparison.Ordinal);
        Assert.Contains("skipped 4 periods at once (6 in all", logged[1], StringComparison.Ordinal);
        Assert.Contains("skipped 1 periods at once (7 in all", logged[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoSettings_PublishesTheFiveDefaultTags_AtOnceAndEverySecond()
    {
        await using var sim = new SimulatorHarness(null, output);
        await sim.StartAsync();

        var first = await sim.Subscription.ReadAsync(5);
        Assert.Equal(["sim/ramp", "sim/sine", "sim/randomWalk", "sim/counter", "sim/square"], first.Select(v => v.Path));
        Assert.Equal(TagValueKind.Boolean, first[4].Kind);

        await sim.WaitingAsync();
        sim.Time.Advance(TimeSpan.FromMilliseconds(999));
        sim.Time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await sim.Subscription.ReadAsync(5);
        Assert.All(second, v => Assert.Equal(SimulatorHarness.Epoch2026.AddSeconds(1), v.SourceTime));
        Assert.Equal(first[3].Number + 1, second[3].Number);
        Assert.InRange(second[0].Number, 0, 100);
        Assert.InRange(second[1].Number, 0, 100);
        Assert.InRange(second[2].Number, 49, 51);
        Assert.True(sim.Context.Bus.TryGetLatest("sim/counter", out var latest));
        Assert.Equal(second[3].Number, latest.Number);
    }

    [Fact]
    public async Task AfterStop_NothingMoreIsPublished_AndTheStatusSectionIsGone()
    {
        await using var sim = new SimulatorHarness(FiveTags, output);
        await sim.StartAsync();
        await sim.Subscription.ReadAsync(5);
        Assert.True(sim.Context.NodeServices.HasStatus("simulator:sim"));

        await sim.StopAsync();
        sim.Time.Advance(TimeSpan.FromMilliseconds(PeriodMs * 10));

        Assert.False(sim.Subscription.Reader.TryRead(out _));
        Assert.False(sim.Context.NodeServices.HasStatus("simulator:sim"));
        Assert.Contains(sim.Context.Log.Entries, e => e.EventName == "SimulatorStopped");

        // Started again (the node became active again), it carries on at the current boundary.
        await sim.StartAsync();
        var values = await sim.Subscription.ReadAsync(5);
        Assert.All(values, v => Assert.Equal(SimulatorHarness.Epoch2026.AddMilliseconds(PeriodMs * 10), v.SourceTime));
    }

    [Fact]
    public async Task WhenPublishingFails_TheErrorIsReportedAsTheModulesFault()
    {
        await using var sim = new SimulatorHarness(FiveTags, output);
        sim.Context.Tags = new FailingTagBus();
        sim.ExpectErrors();
        await sim.StartAsync();

        var fault = await sim.Context.FirstFault.WaitAsync(Subscriptions.Patience);

        Assert.Equal("the tag bus is gone", fault.Message);
        Assert.Contains(sim.Context.Log.Entries, e => e.Level == LogLevel.Error && e.EventName == "SimulatorLoopFailed");
    }
}
