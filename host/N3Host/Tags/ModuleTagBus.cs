using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>The tag bus as one module incarnation sees it: its subscriptions are closed when the incarnation ends, so a faulted module's queue never holds publishers back.</summary>
/// <remarks>
/// For an <c>ActiveOnly</c> module, <paramref name="mayPublish"/> is asked before each publish: a value made while the node is
/// no longer active (a resumed node that finds it was frozen, before its supervisor stopped the module) is refused and counted.
/// </remarks>
internal sealed class ModuleTagBus(TagBus bus, string owner, Func<bool>? mayPublish = null) : ITagBus, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ITagSubscription> _subscriptions = [];

    public ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken) =>
        mayPublish is null || mayPublish() ? bus.PublishAsync(value, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) =>
        mayPublish is null || mayPublish() ? bus.PublishAsync(values, cancellationToken) : ValueTask.CompletedTask;

    public ValueTask<TagDelivery> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) => bus.PublishDurableAsync(values, cancellationToken);

    public ITagSubscription Subscribe(TagSubscriptionOptions options)
    {
        var subscription = bus.Subscribe(options, owner);
        lock (_lock)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public bool TryGetLatest(string path, out TagValue value) => bus.TryGetLatest(path, out value);

    /// <summary>The incarnation faulted: its durable subscriptions, once closed, count what they miss until it subscribes again.</summary>
    public void CountMissedWhenClosed()
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions.OfType<TagSubscription>())
            {
                subscription.CountWhenClosed();
            }
        }
    }

    public IReadOnlyList<TagValue> GetLatest() => bus.GetLatest();

    public void Dispose()
    {
        ITagSubscription[] all;
        lock (_lock)
        {
            all = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in all)
        {
            subscription.Dispose();
        }
    }
}
