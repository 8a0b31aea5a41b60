using System.Collections.Concurrent;
using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>Node services and status sections, as the host keeps them.</summary>
internal sealed class TestNodeServices : INodeServices
{
    private readonly ConcurrentDictionary<Type, object> _services = new();
    private readonly ConcurrentDictionary<string, Func<object>> _status = new(StringComparer.Ordinal);

    public void Add<TService>(TService service) where TService : class => _services[typeof(TService)] = service;

    public void Remove<TService>(TService service) where TService : class =>
        _services.TryRemove(new KeyValuePair<Type, object>(typeof(TService), service));

    public TService? Get<TService>() where TService : class =>
        _services.TryGetValue(typeof(TService), out var service) ? (TService)service : null;

    public void AddStatus(string key, Func<object> snapshot) => _status[key] = snapshot;

    public void RemoveStatus(string key) => _status.TryRemove(key, out _);

    public bool HasStatus(string key) => _status.ContainsKey(key);

    /// <summary>A status section's current snapshot, as the host would serialize it.</summary>
    public T GetStatus<T>(string key) => (T)_status[key]();
}
