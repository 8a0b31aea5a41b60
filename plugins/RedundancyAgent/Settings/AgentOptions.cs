using System.Net;
using N3Host.PluginKit.Mqtt;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The RedundancyAgent's settings.</summary>
internal sealed record AgentOptions
{
    /// <summary><c>port</c>: the local port the link client connects to. 1..65535, required.</summary>
    public required int Port { get; init; }

    /// <summary><c>networkInterface</c>: where to listen. Default 127.0.0.1.</summary>
    public IPAddress NetworkInterface { get; init; } = IPAddress.Loopback;

    /// <summary><c>primary</c>: {host, port} of the primary node's link server. Required.</summary>
    public required AgentEndpoint Primary { get; init; }

    /// <summary><c>backup</c>: {host, port} of the backup node's link server. Required.</summary>
    public required AgentEndpoint Backup { get; init; }

    /// <summary><c>healthCheckPeriod</c>: ms between role probes of both nodes. Default 200, 10..60000.</summary>
    public TimeSpan HealthCheckPeriod { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary><c>healthCheckTimeout</c>: ms a probe (or an upstream connect) may take. Default 1000, 10..60000.</summary>
    public TimeSpan HealthCheckTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>connectTimeout</c>: ms a new connection waits for an active node before it is closed. Default 5000, 0..600000.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>bufferSize</c>: bytes per direction and connection, the most the copy buffer grows to (one per direction;
    /// with zeroCopy: the pipe's size, at most the system's pipe-max-size). Default 2097152, 4096..4194304.
    /// </summary>
    public int BufferSize { get; init; } = 2 << 20;

    /// <summary><c>zeroCopy</c>: on Linux, forward with splice(2) through a pipe (the bytes stay in the kernel). Default false (measured slower on loopback).</summary>
    public bool ZeroCopy { get; init; }

    /// <summary><c>mqtt</c>: where the agent's state is published; null = not published.</summary>
    public MqttStatusOptions? Mqtt { get; init; }
}
