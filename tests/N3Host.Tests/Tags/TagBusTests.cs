using Microsoft.Extensions.Logging;
using N3Host.Testing.Harness;
using N3Host.Tests.Supervision;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Tags;
using Xunit;

namespace N3Host.Tests.Tags;

public sealed class TagBusTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly TestLog _logs = new();
    private readonly TagBus _bus;

    public TagBusTests() => _bus = new TagBus(new LoggerFactory([_logs]).CreateLogger<TagBus>(), _time);

    private TagValue Value(string path, double number) => TagValue.FromNumber(path, number, _time.GetUtcNow());

    [Fact]
    public async Task FullWaitSubscriber_HoldsThePublisherBack_UntilItReads()
    {
        using var subscription = _bus.Subscribe(new TagSubscriptionOptions { Name = "slow", Capacity = 2 });
        await _bus.PublishAsync(Value("a", 1), default);
        await _bus.PublishAsync(Value("a", 2), default);

        var third = _bus.PublishAsync(Value("a", 3), default).AsTask();
        await Task.Yield();
        Assert.False(third.IsCompleted);

        Assert.True(subscription.Reader.TryRead(out var first));
        Assert.Equal(1, first.Number);
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, subscription.Overflowed);
        Assert.Equal([2.0, 3.0], Drain(subscription).Select(v => v.Number));
    }

    [Fact]
    public async Task FullDropOldestSubscriber_LosesOldest_CountedAndShownInStatus()
    {
        using var subscription = _bus.Subscribe(new TagSubscriptionOptions { Name = "dashboard", Capacity = 2, Overflow = TagOverflowPolicy.DropOldest });
        for (var i = 1; i <= 5; i++)
        {
            await _bus.PublishAsync(Value("a", i), default);
        }

        Assert.Equal(3, subscription.Overflowed);
        Assert.Equal([4.0, 5.0], Drain(subscription).Select(v => v.Number));
        var status = Assert.Single(_bus.Snapshot().Subscribers);
        Assert.Equal("dashboard", status.Name);
        Assert.Equal(3, status.Overflowed);
        Assert.Equal(5, status.Delivered);
    }

    [Fact]
    public async Task Overflow_IsLoggedAtOnce_ThenAtMostEveryTenSeconds_WithTheCount()
    {
        using var subscription = _bus.Subscribe(new TagSubscriptionOptions { Name = "dashboard", Capacity = 1, Overflow = TagOverflowPolicy.DropOldest });
        for (var i = 0; i < 4; i++)
        {
            await _bus.PublishAsync(Value("a", i), default);
        }

        Assert.Equal(["Tag subscriber dashboard (instance -) is full: 1 more values dropped, 1 in all (queue capacity 1); it reads too slowly"], Warnings());

        _time.Advance(TimeSpan.FromSeconds(10));
        await _bus.PublishAsync(Value("a", 9), default);

        Assert.Equal(4, subscription.Overflowed);
        Assert.Equal(2, Warnings().Count);
        Assert.Contains("3 more values dropped, 4 in all", Warnings()[1]);
    }

    [Fact]
    public async Task Patterns_SelectWhatASubscriberGets()
    {
        using var sim = _bus.Subscribe(new TagSubscriptionOptions { Name = "sim", Patterns = ["sim/*"] });
        using var ramps = _bus.Subscribe(new TagSubscriptionOptions { Name = "ramps", Patterns = ["*/ramp?", "plc/x"] });
        using var all = _bus.Subscribe(new TagSubscriptionOptions { Name = "all" });

        await _bus.PublishAsync([Value("sim/ramp1", 1), Value("plc/ramp2", 2), Value("plc/x", 3), Value("sim/sine", 4)], default);

        Assert.Equal(["sim/ramp1", "sim/sine"], Drain(sim).Select(v => v.Path));
        Assert.Equal(["sim/ramp1", "plc/ramp2", "plc/x"], Drain(ramps).Select(v => v.Path));
        Assert.Equal(4, Drain(all).Count);
    }

    [Fact]
    public async Task LatestValue_IsKeptPerTag()
    {
        await _bus.PublishAsync([Value("b", 1), Value("a", 2), Value("b", 3)], default);

        Assert.True(_bus.TryGetLatest("b", out var b));
        Assert.Equal(3, b.Number);
        Assert.False(_bus.TryGetLatest("c", out _));
        Assert.Equal(["a", "b"], _bus.GetLatest().Select(v => v.Path));
    }

    [Fact]
    public async Task Unsubscribing_ReleasesAWaitingPublisher_AndStopsDelivery()
    {
        var subscription = _bus.Subscribe(new TagSubscriptionOptions { Name = "gone", Capacity = 1 });
        await _bus.PublishAsync(Value("a", 1), default);
        var blocked = _bus.PublishAsync(Value("a", 2), default).AsTask();

        subscription.Dispose();

        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(_bus.Snapshot().Subscribers);
        await _bus.PublishAsync(Value("a", 3), default);
    }

    [Fact]
    public async Task ModuleTagBus_ClosesItsSubscriptions_WhenTheIncarnationEnds()
    {
        var moduleBus = new ModuleTagBus(_bus, "historian");
        var subscription = moduleBus.Subscribe(new TagSubscriptionOptions { Name = "store", Capacity = 1 });
        Assert.Equal("historian", Assert.Single(_bus.Snapshot().Subscribers).Owner);

        moduleBus.Dispose();

        Assert.Empty(_bus.Snapshot().Subscribers);
        Assert.True(subscription.Reader.Completion.IsCompleted);
        await _bus.PublishAsync(Value("a", 1), default);
        await _bus.PublishAsync(Value("a", 2), default);
    }

    [Fact]
    public void Subscribe_RefusesCapacityBelowOne()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _bus.Subscribe(new TagSubscriptionOptions { Name = "x", Capacity = 0 }));
        Assert.Contains("Capacity must be at least 1", error.Message);
    }

    private static List<TagValue> Drain(ITagSubscription subscription)
    {
        var values = new List<TagValue>();
        while (subscription.Reader.TryRead(out var value))
        {
            values.Add(value);
        }

        return values;
    }

    private List<string> Warnings() => [.. _logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message)];
}
