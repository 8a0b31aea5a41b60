using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;
using N3Host.Tags;

namespace N3Host.Testing;

/// <summary>
/// The host's real tag bus for in-process module tests: back-pressure,
/// counted drop-oldest, patterns, durable delivery, exactly as on a running node.
/// </summary>
public sealed class HostTagBus : ITagBus
{
    private readonly TagBus _bus;
    private readonly List<TagSubscription> _made = [];

    /// <summary>Creates a bus on the system clock (or <paramref name="time"/>), logging to <paramref name="logger"/> if given.</summary>
    public HostTagBus(TimeProvider? time = null, ILogger? logger = null)
    {
        _bus = new TagBus(logger is null ? NullLogger<TagBus>.Instance : new TypedLogger(logger), time ?? TimeProvider.System);
    }

    /// <summary>How many subscriptions are open.</summary>
    public int SubscriberCount => _bus.Snapshot().Subscribers.Count;

    /// <summary>How many values durable subscribers have confirmed as stored, by subscriber name.</summary>
    public IReadOnlyDictionary<string, long> Confirmed =>
        _bus.Snapshot().Subscribers.Where(s => s.Durable).ToDictionary(s => s.Name, s => s.Confirmed, StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken) => _bus.PublishAsync(value, cancellationToken);

    /// <inheritdoc />
    public ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) => _bus.PublishAsync(values, cancellationToken);

    /// <inheritdoc />
    public ValueTask<TagDelivery> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) => _bus.PublishDurableAsync(values, cancellationToken);

    /// <inheritdoc />
    public ITagSubscription Subscribe(TagSubscriptionOptions options)
    {
        var subscription = _bus.Subscribe(options, null);
        lock (_made)
        {
            _made.Add(subscription);
        }

        return subscription;
    }

    /// <summary>
    /// What the host's supervisor does when a module faults: the durable subscriptions named <paramref name="name"/>, once
    /// closed, count the values they miss until a subscription of that name is made again (its <c>MissedWhileClosed</c>).
    /// </summary>
    public void CountMissedWhenClosed(string name)
    {
        lock (_made)
        {
            foreach (var subscription in _made.Where(s => s.Name == name))
                subscription.CountWhenClosed();
        }
    }

    /// <inheritdoc />
    public bool TryGetLatest(string path, out TagValue value) => _bus.TryGetLatest(path, out value);

    /// <inheritdoc />
    public IReadOnlyList<TagValue> GetLatest() => _bus.GetLatest();

    private sealed class TypedLogger(ILogger inner) : ILogger<TagBus>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
