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

    private readonly ConcurrentDictionary<string, TagEntry> _tags = new(StringComparer.Ordinal);
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
        return PublishTo(value, out _, cancellationToken);
    }

    /// <summary>Publishes one value; <paramref name="targets"/> are the subscribers it went to.</summary>
    private ValueTask PublishTo(TagValue value, out TagSubscription[] targets, CancellationToken cancellationToken)
    {
        var entry = _tags.GetOrAdd(value.Path, static _ => new TagEntry());
        entry.SetLatest(value);
        targets = Targets(entry, value.Path);
        for (var i = 0; i < targets.Length; i++)
        {
            var subscriber = targets[i];
            if (!subscriber.TryWrite(value))
            {
                return PublishSlowAsync(value, targets, i, cancellationToken);
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

    public async ValueTask<TagDelivery> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        List<TagSubscription>? durable = null;
        foreach (var value in values)
        {
            ArgumentNullException.ThrowIfNull(value.Path);
            await PublishTo(value, out var targets, cancellationToken);
            foreach (var subscriber in targets)
            {
                if (subscriber.IsDurable && !(durable ??= []).Contains(subscriber))
                {
                    durable.Add(subscriber);
                }
            }
        }

        if (durable is null)
        {
            return new TagDelivery(0, Task.FromResult(0));
        }

        // Every value given to a durable subscriber so far sits at or before its count now: wait until it confirmed that many.
        var wait = new StoredWait(durable.Count, cancellationToken);
        foreach (var subscriber in durable)
        {
            subscriber.AwaitConfirmed(subscriber.Delivered, wait);
        }

        return new TagDelivery(durable.Count, wait.Task);
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

        TagSubscription subscription;
        lock (_lock)
        {
            // The same module's subscription closed by its fault: take what it counted, and drop it.
            var closed = _subscribers.FirstOrDefault(s => s.IsCounting && s.Name == options.Name && s.Owner == owner);
            subscription = new TagSubscription(options, owner, Remove) { MissedWhileClosed = closed?.Missed ?? 0 };
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, closed)), subscription];
        }

        TagBusLog.Subscribed(_logger, options.Name, owner ?? "-", options.Patterns.Count == 0 ? "every tag" : string.Join(" ", options.Patterns), options.Capacity, options.Overflow.ToString());
        return subscription;
    }

    public bool TryGetLatest(string path, out TagValue value)
    {
        value = default;
        return _tags.TryGetValue(path, out var entry) && entry.TryGetLatest(out value);
    }

    public IReadOnlyList<TagValue> GetLatest()
    {
        var values = new List<TagValue>(_tags.Count);
        foreach (var entry in _tags.Values)
        {
            if (entry.TryGetLatest(out var value))
            {
                values.Add(value);
            }
        }

        values.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return values;
    }

    public TagBusStatus Snapshot() => new(_tags.Count, [.. Volatile.Read(ref _subscribers).Select(s => s.Snapshot())]);

    private TagSubscription[] Targets(TagEntry entry, string path)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        var route = entry.Route;
        if (route is null || !ReferenceEquals(route.For, subscribers))
        {
            route = new TagRoute(subscribers, [.. subscribers.Where(s => s.Matches(path))]);
            entry.Route = route;
        }

        return route.Targets;
    }

    private async ValueTask PublishSlowAsync(TagValue value, TagSubscription[] targets, int index, CancellationToken cancellationToken)
    {
        await targets[index].WriteAsync(value, cancellationToken);
        for (var i = index + 1; i < targets.Length; i++)
        {
            var subscriber = targets[i];
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
