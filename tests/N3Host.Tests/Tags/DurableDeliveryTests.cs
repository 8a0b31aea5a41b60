using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Tags;
using Xunit;

namespace N3Host.Tests.Tags;

/// <summary>
/// PublishDurableAsync: what a link waits on before acknowledging its sender. It must complete only once the
/// historian (a durable subscriber) has confirmed the values, and never when the historian went away first.
/// </summary>
public sealed class DurableDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly TagBus _bus;

    public DurableDeliveryTests() => _bus = new TagBus(NullLogger<TagBus>.Instance, _time);

    private TagValue[] Values(string path, params double[] numbers) => [.. numbers.Select(n => TagValue.FromNumber(path, n, _time.GetUtcNow()))];

    [Fact]
    public async Task DurablePublish_CompletesOnlyAfterTheHistorianConfirmsStoringIt()
    {
        using var historian = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true });

        var publish = (await _bus.PublishDurableAsync(Values("remote/a", 1, 2), default)).Stored;
        Assert.True(historian.Reader.TryRead(out _));
        Assert.True(historian.Reader.TryRead(out _));
        await Task.Yield();
        Assert.False(publish.IsCompleted, "read is not stored: the link must not acknowledge yet");

        historian.Confirm(1);
        await Task.Yield();
        Assert.False(publish.IsCompleted, "one of two values confirmed");

        historian.Confirm(1);
        Assert.Equal(1, await publish.WaitAsync(Patience));
        var status = Assert.Single(_bus.Snapshot().Subscribers);
        Assert.True(status.Durable);
        Assert.Equal(2, status.Confirmed);
    }

    [Fact]
    public async Task OneConfirmation_CompletesEveryPublishItCovers_BeforeTheConfirmReturns()
    {
        // A link acknowledges batches in order and covers with one receipt every batch already stored: it can do so only
        // if each batch's task is complete when the historian's one confirmation returns, not later on a busy thread pool.
        using var historian = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true, Capacity = 1000 });
        using var cancellable = new CancellationTokenSource();
        var publishes = new List<Task<int>>();
        for (var i = 0; i < 100; i++)
        {
            publishes.Add((await _bus.PublishDurableAsync(Values("remote/a", i), cancellable.Token)).Stored);
        }

        historian.Confirm(99);
        Assert.Equal(99, publishes.Count(p => p.IsCompletedSuccessfully));
        Assert.False(publishes[^1].IsCompleted);

        historian.Confirm(1);
        Assert.True(publishes[^1].IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ALinkThatGoesAway_StopsWaiting_AndALaterConfirmationDoesNotFail()
    {
        using var historian = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true });
        using var connection = new CancellationTokenSource();
        var publish = (await _bus.PublishDurableAsync(Values("remote/a", 1), connection.Token)).Stored;

        await connection.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish.WaitAsync(Patience));
        historian.Confirm(1);
        Assert.Equal(1, Assert.Single(_bus.Snapshot().Subscribers).Confirmed);
    }

    [Fact]
    public async Task Confirmations_CoverValuesInQueueOrder_AcrossPublishers()
    {
        using var historian = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true });

        var first = (await _bus.PublishDurableAsync(Values("remote/a", 1), default)).Stored;
        var second = (await _bus.PublishDurableAsync(Values("remote/b", 2), default)).Stored;
        historian.Confirm(1);
        await first.WaitAsync(Patience);
        await Task.Yield();
        Assert.False(second.IsCompleted, "the second publisher's value is not confirmed yet");

        historian.Confirm(1);
        await second.WaitAsync(Patience);
    }

    [Fact]
    public async Task HistorianUnsubscribingBeforeConfirming_FailsTheDurablePublish_SoNothingIsAcknowledged()
    {
        var historian = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true });
        var publish = (await _bus.PublishDurableAsync(Values("remote/a", 1), default)).Stored;

        historian.Dispose();

        var error = await Assert.ThrowsAsync<TagDeliveryException>(() => publish.WaitAsync(Patience));
        Assert.Contains("historian", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValuesConfirmedBeforeTheHistorianStopped_StillCountAsStored()
    {
        var historian = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true });
        var publish = (await _bus.PublishDurableAsync(Values("remote/a", 1), default)).Stored;
        historian.Confirm(1);
        historian.Dispose();

        Assert.Equal(1, await publish.WaitAsync(Patience));
    }

    [Fact]
    public async Task NoDurableSubscriber_CompletesOnDelivery_AndSaysNothingStoredIt()
    {
        using var dashboard = _bus.Subscribe(new TagSubscriptionOptions { Name = "dashboard" });
        using var otherTags = _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true, Patterns = ["plant/*"] });

        var delivery = await _bus.PublishDurableAsync(Values("remote/a", 1), default);
        Assert.Equal(0, delivery.DurableSubscribers);
        Assert.Equal(0, await delivery.Stored.WaitAsync(Patience));
        Assert.True(dashboard.Reader.TryRead(out var value));
        Assert.Equal("remote/a", value.Path);
    }

    [Fact]
    public void DurableSubscription_ThatCouldDropValues_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            _bus.Subscribe(new TagSubscriptionOptions { Name = "historian", Durable = true, Overflow = TagOverflowPolicy.DropOldest }));
        Assert.Contains("durable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Confirm_OnASubscriptionThatIsNotDurable_SaysSo()
    {
        using var dashboard = _bus.Subscribe(new TagSubscriptionOptions { Name = "dashboard" });
        var error = Assert.Throws<InvalidOperationException>(() => dashboard.Confirm(1));
        Assert.Contains("not durable", error.Message, StringComparison.Ordinal);
    }
}
