using System.Net;
using Microsoft.Extensions.Options;
using N3Host.PluginKit.Mqtt;
using N3Host.PluginKit.Settings;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Links;

/// <summary>
/// One Links instance's settings (the <c>settings</c> object in modules.json): a server or a client, and where its state
/// goes on MQTT (if anywhere). Defaults and ranges live here, once; each role refuses the other role's settings.
/// </summary>
public sealed class LinksOptions : ISettingsRules
{
    private static readonly string[] ServerKeys = ["role", "port", "networkInterface", "trustedCertificates", "prefix", "handshakeTimeout", "maxFrameBytes", "ackAfterStored", "mqtt"];
    private static readonly string[] ClientKeys = ["role", "host", "port", "tags", "serverCertificates", "connectionTimeout", "reconnectDelay", "bufferLimitBytes", "maxFrameBytes", "maxUnacknowledgedBytes", "syncIntervalMs", "probeIntervalMs", "mqtt"];

    /// <summary><c>role</c>: server (the receiving, central node) or client (the sending, remote node). Required.</summary>
    [Setting("role", Required = true)]
    public LinkRole Role { get; set; }

    /// <summary><c>port</c>: the server's listening port, or the port the client connects to. Required.</summary>
    [Setting("port", Required = true, Min = 1, Max = 65535)]
    public int Port { get; set; }

    /// <summary><c>maxFrameBytes</c>: the largest frame sent or accepted.</summary>
    [Setting("maxFrameBytes", Min = 4096, Max = 16 << 20)]
    public int MaxFrameBytes { get; set; } = LinkServerOptions.DefaultMaxFrameBytes;

    /// <summary><c>mqtt</c>: where the instance's state is published; absent: not published.</summary>
    [Setting("mqtt")]
    public MqttStatusOptions? Mqtt { get; set; }

    /// <summary>Server: <c>networkInterface</c>, the address to listen on.</summary>
    [Setting("networkInterface")]
    public IPAddress NetworkInterface { get; set; } = IPAddress.Loopback;

    /// <summary>Server: <c>trustedCertificates</c>, the client certificates accepted (PEM inline or file paths).</summary>
    [Setting("trustedCertificates")]
    public List<string> TrustedCertificates { get; set; } = [];

    /// <summary>Server: <c>prefix</c>, where received tags go on the local bus; <c>{node}</c> is the sender's node name.</summary>
    [Setting("prefix")]
    public string Prefix { get; set; } = "{node}";

    /// <summary>Server: <c>handshakeTimeout</c>, ms a new connection has to finish TLS and the hello.</summary>
    [Setting("handshakeTimeout", Min = 100, Max = 60_000)]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Server: <c>ackAfterStored</c>, acknowledge values only once this node's historian stored them.</summary>
    [Setting("ackAfterStored")]
    public bool AckAfterStored { get; set; } = true;

    /// <summary>Client: <c>host</c>, the link server (or the local RedundancyAgent). Required on a client.</summary>
    [Setting("host")]
    public string? Host { get; set; }

    /// <summary>Client: <c>tags</c>, which local tags are sent (patterns, <c>*</c> and <c>?</c>); empty sends every tag.</summary>
    [Setting("tags")]
    public List<string> Tags { get; set; } = [];

    /// <summary>Client: <c>serverCertificates</c>, the server certificates trusted (both nodes of a pair), PEM inline or file paths.</summary>
    [Setting("serverCertificates")]
    public List<string> ServerCertificates { get; set; } = [];

    /// <summary>Client: <c>connectionTimeout</c>, ms without an answer before the link is declared down.</summary>
    [Setting("connectionTimeout", Min = 100, Max = 600_000)]
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Client: <c>reconnectDelay</c>, ms between failed connection attempts.</summary>
    [Setting("reconnectDelay", Min = 0, Max = 600_000)]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Client: <c>bufferLimitBytes</c>, the disk buffer's size limit.</summary>
    [Setting("bufferLimitBytes", Min = 64 << 10, Max = 1L << 40)]
    public long BufferLimitBytes { get; set; } = 256L << 20;

    /// <summary>Client: <c>maxUnacknowledgedBytes</c>, how much may be in flight before an acknowledgement.</summary>
    [Setting("maxUnacknowledgedBytes", Min = 4096, Max = 256 << 20)]
    public int MaxUnacknowledgedBytes { get; set; } = 4 << 20;

    /// <summary>Client: <c>syncIntervalMs</c>, the least time between two writes of the buffer through to the disk (0: every batch at once).</summary>
    [Setting("syncIntervalMs", Min = 0, Max = 10_000)]
    public TimeSpan SyncInterval { get; set; }

    /// <summary>Client: <c>probeIntervalMs</c>, while the buffer's disk is full or read-only, how often it is probed for space.</summary>
    [Setting("probeIntervalMs", Min = 100, Max = 60_000)]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!Enum.TryParse<LinkRole>(check.Given("role"), ignoreCase: true, out _) || int.TryParse(check.Given("role"), out _))
        {
            return;
        }

        var (known, other) = Role == LinkRole.Server ? (ServerKeys, "a server") : (ClientKeys, "a client");
        foreach (var child in check.Settings.GetChildren().Where(c => !known.Contains(c.Key, StringComparer.OrdinalIgnoreCase) && (ServerKeys.Contains(c.Key, StringComparer.OrdinalIgnoreCase) || ClientKeys.Contains(c.Key, StringComparer.OrdinalIgnoreCase))))
        {
            check.Refuse(child.Key, child.Value, $"is not a setting of {other} link; known: {string.Join(", ", known)}");
        }

        if (Role == LinkRole.Server && TrustedCertificates.Count == 0)
        {
            check.Fail("trustedCertificates", null, "the list of PEM certificates (or their files) of every client node allowed to link");
        }

        if (Role == LinkRole.Client)
        {
            if (string.IsNullOrWhiteSpace(Host))
            {
                check.Fail("host", null, "the link server's host name or IP address (or the local RedundancyAgent's)");
            }

            if (ServerCertificates.Count == 0)
            {
                check.Fail("serverCertificates", null, "the list of PEM certificates (or their files) of the server node, both nodes for a redundant pair");
            }
        }
    }

    /// <summary>The server's settings, its trusted certificates loaded (relative files from <paramref name="baseDirectory"/>).</summary>
    internal LinkServerOptions ToServer(string baseDirectory) => new()
    {
        Port = Port,
        NetworkInterface = NetworkInterface,
        TrustedCertificates = Pins(TrustedCertificates, "trustedCertificates", baseDirectory),
        Prefix = Prefix.Trim('/'),
        HandshakeTimeout = HandshakeTimeout,
        MaxFrameBytes = MaxFrameBytes,
        AckAfterStored = AckAfterStored,
    };

    /// <summary>The client's settings, its server certificates loaded (relative files from <paramref name="baseDirectory"/>).</summary>
    internal LinkClientOptions ToClient(string baseDirectory) => new()
    {
        Host = Host!,
        Port = Port,
        Tags = Tags,
        ServerCertificates = Pins(ServerCertificates, "serverCertificates", baseDirectory),
        ConnectionTimeout = ConnectionTimeout,
        ReconnectDelay = ReconnectDelay,
        BufferLimitBytes = BufferLimitBytes,
        MaxFrameBytes = MaxFrameBytes,
        MaxUnacknowledgedBytes = MaxUnacknowledgedBytes,
        SyncInterval = SyncInterval,
        ProbeInterval = ProbeInterval,
    };

    private static CertificatePins Pins(List<string> entries, string setting, string baseDirectory) =>
        CertificatePins.Load(entries, baseDirectory, problem =>
        {
            // The problem reads "[i] is ...": the entry's index belongs to the setting's name.
            var close = problem.IndexOf(']', StringComparison.Ordinal);
            var failure = new SettingProblem(setting + problem[..(close + 1)], null, problem[(close + 2)..]);
            return new OptionsValidationException(setting, typeof(LinksOptions), [failure.ToString()]);
        });
}
