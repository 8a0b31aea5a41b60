using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using N3Host.Contracts;

namespace Historian.Tests.Hosting;

/// <summary>The host side for in-process tests: a small Channel-based tag bus with back-pressure subscriptions.</summary>
internal sealed class ChannelTagBus : ITagBus
{
    private readonly ConcurrentDictionary<string, TagValue> _latest = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly Lock _lock = new();

    public async ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken)
    {
        _latest[value.Path] = value;
        Subscription[] targets;
        lock (_lock)
            targets = [.. _subscriptions];
        foreach (var s in targets)
        {
            if (s.Matches(value.Path))
                await s.Writer.WriteAsync(value, cancellationToken);
        }
    }

    public async ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        foreach (var v in values)
            await PublishAsync(v, cancellationToken);
    }

    public ITagSubscription Subscribe(TagSubscriptionOptions options)
    {
        var s = new Subscription(this, options);
        lock (_lock)
            _subscriptions.Add(s);
        return s;
    }

    public bool TryGetLatest(string path, out TagValue value) => _latest.TryGetValue(path, out value);

    public IReadOnlyList<TagValue> GetLatest() => [.. _latest.Values.OrderBy(v => v.Path, StringComparer.Ordinal)];

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
                return _subscriptions.Count;
        }
    }

    private void Remove(Subscription s)
    {
        lock (_lock)
            _subscriptions.Remove(s);
    }

    private sealed class Subscription : ITagSubscription
    {
        private readonly ChannelTagBus _bus;
        private readonly Channel<TagValue> _channel;
        private readonly Regex[] _patterns;

        public Subscription(ChannelTagBus bus, TagSubscriptionOptions options)
        {
            _bus = bus;
            Name = options.Name;
            _channel = Channel.CreateBounded<TagValue>(new BoundedChannelOptions(options.Capacity) { FullMode = BoundedChannelFullMode.Wait });
            _patterns = [.. options.Patterns.Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$"))];
        }

        public string Name { get; }

        public ChannelReader<TagValue> Reader => _channel.Reader;

        public ChannelWriter<TagValue> Writer => _channel.Writer;

        public long Overflowed => 0;

        public bool Matches(string path) => _patterns.Length == 0 || _patterns.Any(p => p.IsMatch(path));

        public void Dispose() => _bus.Remove(this);
    }
}
