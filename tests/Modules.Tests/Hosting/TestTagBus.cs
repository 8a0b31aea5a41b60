using System.Collections.Concurrent;
using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>A real, Channel-based tag bus for hosting modules in tests (the host side, not the thing under test).</summary>
internal sealed class TestTagBus : ITagBus
{
    private readonly ConcurrentDictionary<string, TagValue> _latest = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TestTagSubscription[] _subscriptions = [];

    public async ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken)
    {
        _latest[value.Path] = value;
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Matches(value.Path))
            {
                await subscription.WriteAsync(value, cancellationToken);
            }
        }
    }

    public async ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < values.Count; i++)
        {
            await PublishAsync(values[i], cancellationToken);
        }
    }

    public ITagSubscription Subscribe(TagSubscriptionOptions options)
    {
        var subscription = new TestTagSubscription(options, Unsubscribe);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    public bool TryGetLatest(string path, out TagValue value) => _latest.TryGetValue(path, out value);

    public IReadOnlyList<TagValue> GetLatest() => [.. _latest.Values.OrderBy(v => v.Path, StringComparer.Ordinal)];

    private void Unsubscribe(TestTagSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }
}
