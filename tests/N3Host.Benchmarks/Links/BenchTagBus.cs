using System.Threading.Channels;
using N3Host.Contracts;

namespace N3Host.Benchmarks.Links;

/// <summary>A minimal in-process tag bus for hosting the Links modules in the benchmark (the host side).</summary>
internal sealed class BenchTagBus : ITagBus
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    public Action<TagValue>? OnPublished { get; set; }

    public async ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken)
    {
        OnPublished?.Invoke(value);
        foreach (var subscription in _subscriptions)
        {
            if (subscription.Matches(value.Path) && !subscription.Channel.Writer.TryWrite(value))
            {
                await subscription.Channel.Writer.WriteAsync(value, cancellationToken);
            }
        }
    }

    public async ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        foreach (var value in values)
        {
            await PublishAsync(value, cancellationToken);
        }
    }

    /// <summary>No subscriber here is durable (<see cref="Subscribe"/> refuses one), so delivered is all there is to wait for.</summary>
    public async ValueTask<TagDelivery> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        await PublishAsync(values, cancellationToken);
        return new TagDelivery(0, Task.FromResult(0));
    }

    public ITagSubscription Subscribe(TagSubscriptionOptions options)
    {
        if (options.Durable)
        {
            throw new NotSupportedException("the benchmark's tag bus has no durable subscribers");
        }

        var subscription = new Subscription(this, options);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    public bool TryGetLatest(string path, out TagValue value)
    {
        value = default;
        return false;
    }

    public IReadOnlyList<TagValue> GetLatest() => [];

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }

    private sealed class Subscription(BenchTagBus bus, TagSubscriptionOptions options) : ITagSubscription
    {
        private readonly string[] _prefixes = [.. options.Patterns.Select(p => p.TrimEnd('*'))];

        public Channel<TagValue> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<TagValue>(new BoundedChannelOptions(options.Capacity) { SingleReader = true });

        public string Name { get; } = options.Name;

        public ChannelReader<TagValue> Reader => Channel.Reader;

        public long Overflowed => 0;

        public bool Matches(string path) => _prefixes.Length == 0 || _prefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal));

        public void Confirm(int count) => throw new InvalidOperationException($"tag subscription {Name} is not durable");

        public void Dispose()
        {
            bus.Remove(this);
            Channel.Writer.TryComplete();
        }
    }
}
