using System.Threading.Channels;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A tag bus that keeps the latest values (the redundancy module publishes no tags).</summary>
public sealed class TestTagBus : ITagBus
{
    private readonly Dictionary<string, TagValue> _latest = [];

    public ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken)
    {
        _latest[value.Path] = value;
        return ValueTask.CompletedTask;
    }

    public async ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        foreach (var value in values)
        {
            await PublishAsync(value, cancellationToken);
        }
    }

    public ITagSubscription Subscribe(TagSubscriptionOptions options) => new Subscription(options.Name);

    public bool TryGetLatest(string path, out TagValue value) => _latest.TryGetValue(path, out value);

    public IReadOnlyList<TagValue> GetLatest() => [.. _latest.Values.OrderBy(v => v.Path, StringComparer.Ordinal)];

    private sealed class Subscription(string name) : ITagSubscription
    {
        private readonly Channel<TagValue> _channel = Channel.CreateUnbounded<TagValue>();

        public string Name => name;

        public ChannelReader<TagValue> Reader => _channel.Reader;

        public long Overflowed => 0;

        public void Dispose() => _channel.Writer.TryComplete();
    }
}
