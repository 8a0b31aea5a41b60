using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>
/// The node's tag bus on System.Threading.Channels: one bounded queue per subscriber. A full back-pressure
/// subscriber makes publishers wait; a full DropOldest subscriber loses its oldest value, counted and logged.
/// </summary>
internal sealed class TagBus : ITagBus
{
    private static readonly TimeSpan OverflowReportInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, TagValue> _latest = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private TagSubscription[] _subscribers = [];

    public TagBus(ILogger<TagBus> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
    }

    public ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value.Path);
        _latest[value.Path] = value;
        var subscribers = Volatile.Read(ref _subscribers);
        for (var i = 0; i < subscribers.Length; i++)
        {
            var subscriber = subscribers[i];
            if (!subscriber.Matches(value.Path))
            {
                continue;
            }

            if (!subscriber.TryWrite(value))
            {
                return PublishSlowAsync(value, subscribers, i, cancellationToken);
            }

            if (subscriber.IsDropOldest)
            {
                ReportOverflow(subscriber);
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            await PublishAsync(value, cancellationToken);
        }
    }

    public ITagSubscription Subscribe(TagSubscriptionOptions options) => Subscribe(options, null);

    public TagSubscription Subscribe(TagSubscriptionOptions options, string? owner)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            throw new ArgumentException("a tag subscription needs a name", nameof(options));
        }

        if (options.Capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Capacity, $"tag subscription {options.Name}: Capacity must be at least 1");
        }

        var subscription = new TagSubscription(options, owner, Remove);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        TagBusLog.Subscribed(_logger, options.Name, owner ?? "-", options.Patterns.Count == 0 ? "every tag" : string.Join(" ", options.Patterns), options.Capacity, options.Overflow.ToString());
        return subscription;
    }

    public bool TryGetLatest(string path, out TagValue value) => _latest.TryGetValue(path, out value);

    public IReadOnlyList<TagValue> GetLatest() => [.. _latest.Values.OrderBy(v => v.Path, StringComparer.Ordinal)];

    public TagBusStatus Snapshot() => new(_latest.Count, [.. Volatile.Read(ref _subscribers).Select(s => s.Snapshot())]);

    private async ValueTask PublishSlowAsync(TagValue value, TagSubscription[] subscribers, int index, CancellationToken cancellationToken)
    {
        await subscribers[index].WriteAsync(value, cancellationToken);
        for (var i = index + 1; i < subscribers.Length; i++)
        {
            var subscriber = subscribers[i];
            if (!subscriber.Matches(value.Path))
            {
                continue;
            }

            if (!subscriber.TryWrite(value))
            {
                await subscriber.WriteAsync(value, cancellationToken);
            }

            if (subscriber.IsDropOldest)
            {
                ReportOverflow(subscriber);
            }
        }
    }

    private void ReportOverflow(TagSubscription subscriber)
    {
        if (subscriber.Overflowed == 0)
        {
            return;
        }

        var dropped = subscriber.TakeOverflowReport(_time.GetTimestamp(), _time, OverflowReportInterval);
        if (dropped > 0)
        {
            TagBusLog.Overflow(_logger, subscriber.Name, subscriber.Owner ?? "-", dropped, subscriber.Overflowed, subscriber.Options.Capacity);
        }
    }

    private void Remove(TagSubscription subscription)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }
}
