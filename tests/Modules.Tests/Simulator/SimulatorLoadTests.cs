using N3Host.Modules.Tests.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Simulator;

public sealed class SimulatorLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HundredThousandGeneratedTags_AreAllPublished_EveryPeriod()
    {
        const int count = 100_000;
        await using var sim = new SimulatorHarness(new { periodMs = 1000, count, pathPrefix = "load/" }, output);
        await sim.StartAsync();

        var first = await sim.Subscription.ReadAsync(count);
        await sim.WaitingAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        sim.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await sim.Subscription.ReadAsync(count);
        output.WriteLine($"one period of {count} tags sampled, published and read in {clock.Elapsed.TotalMilliseconds:F0} ms (printed, not asserted)");

        Assert.All(first, v => Assert.Equal(SimulatorHarness.Epoch2026, v.SourceTime));
        Assert.All(second, v => Assert.Equal(SimulatorHarness.Epoch2026.AddSeconds(1), v.SourceTime));
        Assert.Equal(count, first.Select(v => v.Path).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(first.Select(v => v.Path), second.Select(v => v.Path));
        Assert.Equal(["load/ramp0", "load/sine1", "load/randomWalk2", "load/counter3", "load/square4", "load/ramp5"], first.Take(6).Select(v => v.Path));
        Assert.Equal("load/square99999", first[^1].Path);
        Assert.Equal(count, sim.Context.Bus.GetLatest().Count);
        Assert.Equal(2 * count, sim.Status.Values);
        Assert.Equal(0, sim.Status.SkippedPeriods);
    }
}
