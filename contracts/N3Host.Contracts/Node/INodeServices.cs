namespace N3Host.Contracts;

/// <summary>
/// Node-wide services that modules offer each other and the management API (for example
/// <see cref="IHistoryService"/> or <see cref="IRedundancyControl"/>), and status details for <c>n3host status</c>.
/// </summary>
public interface INodeServices
{
    /// <summary>Offers a service; replaces an earlier one of the same type.</summary>
    void Add<TService>(TService service) where TService : class;

    /// <summary>Withdraws a service if it is the one offered.</summary>
    void Remove<TService>(TService service) where TService : class;

    /// <summary>The service of that type, if one is offered.</summary>
    TService? Get<TService>() where TService : class;

    /// <summary>Adds a status section (serialized as JSON under <paramref name="key"/> in the node's status); replaces one with the same key.</summary>
    void AddStatus(string key, Func<object> snapshot);

    /// <summary>Removes a status section.</summary>
    void RemoveStatus(string key);

    /// <summary>
    /// Every status section, taken now (contracts 1.3): what <c>n3host status</c> shows under <c>services</c>. The node itself
    /// puts each section on MQTT (<c>&lt;prefix&gt;/&lt;node&gt;/sections/&lt;key&gt;</c>); a module needs this only to show them elsewhere.
    /// </summary>
    IReadOnlyDictionary<string, object?> SnapshotStatus() => new Dictionary<string, object?>();

    /// <summary>
    /// Puts <paramref name="state"/> (serialized as JSON) on the node's retained MQTT topic <c>&lt;prefix&gt;/&lt;node&gt;/&lt;topic&gt;</c> at
    /// once, through the node's one publisher (contracts 1.5): for a state that must go out when it changes rather than at the
    /// next status interval (the redundancy core's role, on <c>redundancy</c>). Calls are published in the order they are made,
    /// the latest per topic wins, and the node publishes every topic again after a reconnect. Never waits for the broker;
    /// does nothing when the node publishes to no broker.
    /// </summary>
    void PublishState(string topic, object state)
    {
    }

    /// <summary>
    /// Completes with true when everything the node publishes (<see cref="PublishState"/>, module states, status) so far was
    /// acknowledged by the broker (contracts 1.5); at once with false when the node publishes to no broker. Waits for as long as
    /// the broker is unreachable, so callers bound it.
    /// </summary>
    Task<bool> WhenPublishedAsync(CancellationToken cancellationToken) => Task.FromResult(false);
}
