using System.Text.Json;
using System.Text.Json.Nodes;
using N3Host.Api;
using N3Host.Contracts;
using N3Host.Node;

namespace N3Host.Testing;

/// <summary>
/// The host's real node services for in-process module tests: the
/// services modules offer each other, and status sections read back as objects or as the API's JSON.
/// </summary>
public sealed class HostNodeServices : INodeServices
{
    private readonly NodeServices _services = new();

    /// <inheritdoc />
    public void Add<TService>(TService service)
        where TService : class => _services.Add(service);

    /// <inheritdoc />
    public void Remove<TService>(TService service)
        where TService : class => _services.Remove(service);

    /// <inheritdoc />
    public TService? Get<TService>()
        where TService : class => _services.Get<TService>();

    /// <inheritdoc />
    public void AddStatus(string key, Func<object> snapshot) => _services.AddStatus(key, snapshot);

    /// <inheritdoc />
    public void RemoveStatus(string key) => _services.RemoveStatus(key);

    /// <summary>True if a module added this status section.</summary>
    /// <inheritdoc />
    public IReadOnlyDictionary<string, object?> SnapshotStatus() => _services.SnapshotStatus();

    /// <inheritdoc />
    public void PublishState(string topic, object state) => _services.PublishState(topic, state);

    /// <inheritdoc />
    public Task<bool> WhenPublishedAsync(CancellationToken cancellationToken) => _services.WhenPublishedAsync(cancellationToken);

    /// <summary>The host's node services inside, for the host's status publisher (<see cref="Harness.HostNodeStatus"/>).</summary>
    internal NodeServices Inner => _services;

    public bool HasStatus(string key) => _services.TrySnapshotStatus(key, out _);

    /// <summary>A status section's snapshot, taken now (null if there is none).</summary>
    public object? Status(string key) => _services.TrySnapshotStatus(key, out var section) ? section : null;

    /// <summary>A status section's snapshot as its type.</summary>
    public T GetStatus<T>(string key) => (T)(Status(key) ?? throw new KeyNotFoundException($"no status section '{key}'"));

    /// <summary>A status section as the management API writes it (camelCase, enums by name).</summary>
    public JsonNode? StatusJson(string key) =>
        Status(key) is { } snapshot ? JsonSerializer.SerializeToNode(snapshot, snapshot.GetType(), JsonDefaults.Options) : null;
}
