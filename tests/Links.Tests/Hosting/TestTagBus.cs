using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using N3Host.Contracts;

namespace Links.Tests.Hosting;

/// <summary>The host side for in-process tests: a simple channel-based tag bus (back-pressure or counted drop-oldest).</summary>
public sealed class TestTagBus : ITagBus
{
    private readonly ConcurrentDictionary<string, TagValue> _latest = new(StringComparer.Ordinal);
    private readonly List<Subscription> _subscriptions = [];
    private readonly Lock _gate = new();

    public async ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken)
    {
        _latest[value.Path] = value;
        foreach (var subscription in Snapshot())
        {
            await subscription.OfferAsync(value, cancellationToken);
        }
    }

    public async ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        foreach (var value in values)
        {
            await PublishAsync(value, cancellationToken);
        }
    }

    public ITagSubscription Subscribe(TagSubscriptionOptions options)
    {
        var subscription = new Subscription(this, options);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
        }

        return subscription;
    }

    public bool TryGetLatest(string path, out TagValue value) => _latest.TryGetValue(path, out value);

    public IReadOnlyList<TagValue> GetLatest() => [.. _latest.Values.OrderBy(v => v.Path, StringComparer.Ordinal)];

    private Subscription[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _subscriptions];
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private sealed class Subscription : ITagSubscription
    {
        private readonly TestTagBus _bus;
        private readonly Channel<TagValue> _channel;
        private readonly Regex[] _patterns;
        private long _overflowed;

        public Subscription(TestTagBus bus, TagSubscriptionOptions options)
        {
            _bus = bus;
            Name = options.Name;
            _patterns = [.. options.Patterns.Select(GlobPattern.ToRegex)];
            _channel = Channel.CreateBounded<TagValue>(
                new BoundedChannelOptions(options.Capacity)
                {
                    FullMode = options.Overflow == TagOverflowPolicy.Wait ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                },
                options.Overflow == TagOverflowPolicy.DropOldest ? _ => Interlocked.Increment(ref _overflowed) : null);
        }

        public string Name { get; }

        public ChannelReader<TagValue> Reader => _channel.Reader;

        public long Overflowed => Interlocked.Read(ref _overflowed);

        public ValueTask OfferAsync(TagValue value, CancellationToken cancellationToken)
        {
            if (_patterns.Length > 0 && !_patterns.Any(p => p.IsMatch(value.Path)))
            {
                return ValueTask.CompletedTask;
            }

            if (_channel.Writer.TryWrite(value))
            {
                return ValueTask.CompletedTask;
            }

            return WriteSlowAsync(value, cancellationToken);
        }

        public void Dispose()
        {
            _bus.Remove(this);
            _channel.Writer.TryComplete();
        }

        private async ValueTask WriteSlowAsync(TagValue value, CancellationToken cancellationToken)
        {
            try
            {
                await _channel.Writer.WriteAsync(value, cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // Unsubscribed meanwhile.
            }
        }
    }
}
