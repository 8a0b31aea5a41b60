using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Status;

namespace N3Host.Testing.Harness;

/// <summary>
/// The host's real status publisher (the node's one MQTT client) for in-process module tests: publishes the node's status,
/// role, module states and status sections of the given parts to a broker, as <c>n3host run</c> does.
/// </summary>
public sealed class HostNodeStatus : IAsyncDisposable
{
    private readonly NodeStatusService _service;

    private HostNodeStatus(NodeStatusService service) => _service = service;

    /// <summary>Starts publishing to <paramref name="broker"/> (<c>mqtt://host:port</c>).</summary>
    public static HostNodeStatus Start(string broker, NodeInfo node, IModuleStates modules, IRoleGate gate, HostNodeServices services, ILogger logger,
        string topicPrefix = "n3host", int statusIntervalMs = 200, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = new MqttSettings
        {
            Broker = new Uri(broker),
            TopicPrefix = topicPrefix,
            StatusInterval = TimeSpan.FromMilliseconds(statusIntervalMs),
            ReconnectDelay = TimeSpan.FromMilliseconds(100),
            Source = "the test",
        };
        var service = new NodeStatusService(settings, node, "0.1.0", modules, gate, services.Inner, time ?? TimeProvider.System, logger);
        service.Start();
        return new HostNodeStatus(service);
    }

    /// <summary>Publishes <c>offline</c> and disconnects, as a clean stop of the node does.</summary>
    public Task StopAsync() => _service.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync() => await StopAsync();
}
