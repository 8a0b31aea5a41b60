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
    /// Every status section, taken now (contracts 1.3): what <c>n3host status</c> shows under <c>services</c>, for a module that
    /// publishes the node's status elsewhere (the redundancy core puts each section on MQTT).
    /// </summary>
    IReadOnlyDictionary<string, object?> SnapshotStatus() => new Dictionary<string, object?>();
}
