using System.Net;
using N3Host.PluginKit.Mqtt;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The RedundancyAgent's settings (the <c>settings</c> object in modules.json). Defaults and ranges live here, once.</summary>
public sealed record AgentOptions
{
    private const string EndpointRule = "an object { \"host\": ..., \"port\": ... } of that node's link server";

    /// <summary><c>port</c>: the local port the link client connects to. Required.</summary>
    [Setting("port", Required = true, Min = 1, Max = 65535)]
    public int Port { get; init; }

    /// <summary><c>networkInterface</c>: where to listen.</summary>
    [Setting("networkInterface")]
    public IPAddress NetworkInterface { get; init; } = IPAddress.Loopback;

    /// <summary><c>primary</c>: {host, port} of the primary node's link server. Required.</summary>
    [Setting("primary", Required = true, Rule = EndpointRule)]
    public AgentEndpoint Primary { get; init; } = new() { Name = "primary" };

    /// <summary><c>backup</c>: {host, port} of the backup node's link server. Required.</summary>
    [Setting("backup", Required = true, Rule = EndpointRule)]
    public AgentEndpoint Backup { get; init; } = new() { Name = "backup" };

    /// <summary><c>healthCheckPeriod</c>: ms between role probes of both nodes.</summary>
    [Setting("healthCheckPeriod", Min = 10, Max = 60_000)]
    public TimeSpan HealthCheckPeriod { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary><c>healthCheckTimeout</c>: ms a probe (or an upstream connect) may take.</summary>
    [Setting("healthCheckTimeout", Min = 10, Max = 60_000)]
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>connectTimeout</c>: ms a new connection waits for an active node before it is closed.</summary>
    [Setting("connectTimeout", Min = 0, Max = 600_000)]
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>bufferSize</c>: bytes per direction and connection, the most the copy buffer grows to (one per direction;
    /// with zeroCopy: the pipe's size, at most the system's pipe-max-size).
    /// </summary>
    [Setting("bufferSize", Min = 4096, Max = 4 << 20)]
    public int BufferSize { get; init; } = 2 << 20;

    /// <summary><c>zeroCopy</c>: on Linux, forward with splice(2) through a pipe (the bytes stay in the kernel). Default false (measured slower on loopback).</summary>
    [Setting("zeroCopy")]
    public bool ZeroCopy { get; init; }

    /// <summary><c>mqtt</c>: where the agent's state is published; absent or disabled: not published.</summary>
    [Setting("mqtt")]
    public MqttStatusOptions? Mqtt { get; init; }
}
