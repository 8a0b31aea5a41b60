using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>The tag bus as one module incarnation sees it: its subscriptions are closed when the incarnation ends, so a faulted module's queue never holds publishers back.</summary>
internal sealed class ModuleTagBus(TagBus bus, string owner) : ITagBus, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ITagSubscription> _subscriptions = [];

    public ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken) => bus.PublishAsync(value, cancellationToken);

    public ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) => bus.PublishAsync(values, cancellationToken);

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
