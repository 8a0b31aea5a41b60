using System.Collections.Concurrent;
using N3Host.Contracts;

namespace N3Host.Node;

/// <summary>Node-wide services that modules offer each other and the management API, and status sections.</summary>
internal sealed class NodeServices : INodeServices
{
    private readonly ConcurrentDictionary<Type, object> _services = new();
    private readonly ConcurrentDictionary<string, Func<object>> _status = new(StringComparer.Ordinal);

    public void Add<TService>(TService service)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(service);
        _services[typeof(TService)] = service;
    }

    public void Remove<TService>(TService service)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(service);
        _services.TryRemove(new KeyValuePair<Type, object>(typeof(TService), service));
    }

    public TService? Get<TService>()
        where TService : class =>
        _services.TryGetValue(typeof(TService), out var service) ? (TService)service : null;

    public void AddStatus(string key, Func<object> snapshot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(snapshot);
        _status[key] = snapshot;
    }

    public void RemoveStatus(string key) => _status.TryRemove(key, out _);

    /// <summary>The node's status publisher, set by the host before modules start; null: the node publishes nowhere.</summary>
    public IStatePublication? Publication { get; set; }

    public void PublishState(string topic, object state)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentNullException.ThrowIfNull(state);
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0 || topic.StartsWith('/') || topic.EndsWith('/') || topic is "status"
            || topic.StartsWith("modules/", StringComparison.Ordinal) || topic.StartsWith("sections/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{topic}' is not a state topic: topic levels without + or #, not status, modules/... or sections/... (the node's own)", nameof(topic));
        }

        Publication?.Publish(topic, state);
    }

    public Task<bool> WhenPublishedAsync(CancellationToken cancellationToken) =>
        Publication?.WhenPublishedAsync(cancellationToken) ?? Task.FromResult(false);

    /// <summary>Every status section, taken now; a section that throws shows its error instead.</summary>
    public IReadOnlyDictionary<string, object?> SnapshotStatus()
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, snapshot) in _status)
        {
            result[key] = Take(snapshot);
        }

        return result;
    }

    /// <summary>One status section, taken now (false if no module added it); one that throws shows its error instead.</summary>
    public bool TrySnapshotStatus(string key, out object? section)
    {
        section = _status.TryGetValue(key, out var snapshot) ? Take(snapshot) : null;
        return snapshot is not null;
    }

    private static object? Take(Func<object> snapshot)
    {
        try
        {
            return snapshot();
        }
#pragma warning disable CA1031 // A module's status section must not break the node's status.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new Dictionary<string, string> { ["error"] = e.Message };
        }
    }
}
