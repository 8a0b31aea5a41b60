using System.Collections.Concurrent;
using N3Host.Contracts;

namespace Historian.Tests.Hosting;

/// <summary>The host side: node-wide services and status sections.</summary>
internal sealed class TestNodeServices : INodeServices
{
    private readonly ConcurrentDictionary<Type, object> _services = new();
    private readonly ConcurrentDictionary<string, Func<object>> _status = new();

    public void Add<TService>(TService service) where TService : class => _services[typeof(TService)] = service;

    public void Remove<TService>(TService service) where TService : class =>
        _services.TryRemove(new KeyValuePair<Type, object>(typeof(TService), service));

    public TService? Get<TService>() where TService : class => _services.TryGetValue(typeof(TService), out var s) ? (TService)s : null;

    public void AddStatus(string key, Func<object> snapshot) => _status[key] = snapshot;

    public void RemoveStatus(string key) => _status.TryRemove(key, out _);

    public object? Status(string key) => _status.TryGetValue(key, out var s) ? s() : null;
}
