using System.Net;
using Microsoft.Extensions.Configuration;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Sync;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>Reads and validates the redundancy instance's settings; every error names the setting, its value and the allowed range.</summary>
internal static class RedundancyOptionsReader
{
    public const int MinTimeoutMs = 50;
    public const int MaxTimeoutMs = 600_000;

    private static readonly string[] TopLevel = ["mode", "remoteCertificate", "server", "connection", "heartbeatInterval", "failback", "mqtt", "sync", "witness"];
    private static readonly string[] ServerKeys = ["port", "networkInterface", "initialStandbyTime"];
    private static readonly string[] ConnectionKeys = ["host", "port", "connectionTimeout", "handshakeTimeout", "reconnectDelay"];
    private static readonly string[] SyncKeys = ["maxBatchRecords", "maxBatchBytes", "maxUnacknowledgedBatches"];
    private static readonly string[] MqttKeys = ["enabled", "broker", "clientId", "username", "password", "tls", "topicPrefix", "statusIntervalMs"];

    public static RedundancyOptions Read(IConfiguration settings, string instanceName)
    {
        var reader = new SettingsReader(settings, instanceName);
        reader.RejectUnknown(string.Empty, TopLevel);
        reader.RejectUnknown("server", ServerKeys);
        reader.RejectUnknown("connection", ConnectionKeys);
        reader.RejectUnknown("mqtt", MqttKeys);
        reader.RejectUnknown("sync", SyncKeys);

        var mode = reader.Choice("mode", RedundancyMode.Standalone,
            ("standalone", RedundancyMode.Standalone), ("primary", RedundancyMode.Primary), ("backup", RedundancyMode.Backup));
        var server = ReadServer(reader);
        var connection = ReadConnection(reader, mode);
        var timeoutMs = (int)connection.ConnectionTimeout.TotalMilliseconds;
        var heartbeatMax = timeoutMs / 2;
        var heartbeat = reader.Milliseconds("heartbeatInterval", TimeSpan.FromMilliseconds(Math.Max(10, timeoutMs / 5)), 10, heartbeatMax);
        var failback = reader.Choice("failback", FailbackMode.Automatic, ("automatic", FailbackMode.Automatic), ("manual", FailbackMode.Manual));
        var remote = reader.Text("remoteCertificate");
        if (mode != RedundancyMode.Standalone && remote is null)
        {
            throw reader.Error("remoteCertificate", null,
                "required in primary and backup mode: paste the other node's certificate (n3host cert show on that node) as PEM, or give the path of a file holding it");
        }

        var mqtt = ReadMqtt(reader);
        Witness.WitnessOptions? witness = null;
        if (reader.Text("witness") is { } witnessText)
        {
            var (parsed, error) = Witness.WitnessOptions.Parse(witnessText, mqtt.TopicPrefix + "/witness");
            witness = parsed ?? throw reader.Error("witness", witnessText, error!);
        }

        return new RedundancyOptions
        {
            Witness = witness,
            Mode = mode,
            RemoteCertificate = remote,
            Server = server,
            Connection = connection,
            HeartbeatInterval = heartbeat,
            Failback = failback,
            Mqtt = mqtt,
            Sync = ReadSync(settings, instanceName),
        };
    }

    private static SyncOptions ReadSync(IConfiguration settings, string instanceName)
    {
        SyncOptions sync;
        try
        {
            sync = SyncOptions.FromConfiguration(settings.GetSection("sync"));
        }
        catch (ArgumentException e)
        {
            throw new RedundancySettingsException($"modules.json, instance '{instanceName}': {e.Message}", e);
        }

        // A batch travels in one frame of the peer link, with room for its headers.
        var maxBatchBytes = new RedundancyOptions().MaxFrameSize - (64 * 1024);
        if (sync.MaxBatchBytes > maxBatchBytes)
        {
            throw new RedundancySettingsException(
                $"modules.json, instance '{instanceName}': setting sync.maxBatchBytes = {sync.MaxBatchBytes} is out of range: allowed 4096 to {maxBatchBytes} (a batch must fit in one frame of the peer link)");
        }

        return sync;
    }

    private static ServerOptions ReadServer(SettingsReader reader)
    {
        var address = reader.Text("server.networkInterface") ?? "0.0.0.0";
        if (!string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(address, out _))
        {
            throw reader.Error("server.networkInterface", address,
                "allowed: an IP address of this machine, 0.0.0.0 for all interfaces, 127.0.0.1 or localhost for local only (n3host interfaces lists them)");
        }

        return new ServerOptions
        {
            Port = reader.Integer("server.port", 3002, 1, 65535),
            NetworkInterface = address,
            InitialStandbyTime = reader.Milliseconds("server.initialStandbyTime", TimeSpan.FromMilliseconds(10_000), 0, 3_600_000),
        };
    }

    private static ConnectionOptions ReadConnection(SettingsReader reader, RedundancyMode mode)
    {
        var host = reader.Text("connection.host");
        if (mode == RedundancyMode.Backup && host is null)
        {
            throw reader.Error("connection.host", null, "required in backup mode: the primary's host name or IP address");
        }

        return new ConnectionOptions
        {
            Host = host,
            Port = reader.Integer("connection.port", 3002, 1, 65535),
            ConnectionTimeout = reader.Milliseconds("connection.connectionTimeout", TimeSpan.FromMilliseconds(5_000), MinTimeoutMs, MaxTimeoutMs),
            HandshakeTimeout = reader.Milliseconds("connection.handshakeTimeout", TimeSpan.FromMilliseconds(10_000), MinTimeoutMs, MaxTimeoutMs),
            ReconnectDelay = reader.Milliseconds("connection.reconnectDelay", TimeSpan.FromMilliseconds(1_000), 10, MaxTimeoutMs),
        };
    }

    private static TimeSpan StatusInterval(SettingsReader reader)
    {
        var ms = reader.Integer("mqtt.statusIntervalMs", 5_000, 0, 3_600_000);
        return ms is > 0 and < 200
            ? throw reader.Error("mqtt.statusIntervalMs", ms.ToString(System.Globalization.CultureInfo.InvariantCulture), "allowed: 0 (never) or 200 to 3600000")
            : TimeSpan.FromMilliseconds(ms);
    }

    private static MqttOptions ReadMqtt(SettingsReader reader)
    {
        var brokerText = reader.Text("mqtt.broker") ?? "mqtt://127.0.0.1:1883";
        if (!Uri.TryCreate(brokerText, UriKind.Absolute, out var broker) || (broker.Scheme != "mqtt" && broker.Scheme != "mqtts") || broker.Host.Length == 0)
        {
            throw reader.Error("mqtt.broker", brokerText, "allowed: mqtt://host:port or mqtts://host:port, for example mqtt://127.0.0.1:1883");
        }

        var prefix = reader.Text("mqtt.topicPrefix") ?? "n3host";
        if (prefix.IndexOfAny(['+', '#']) >= 0 || prefix.StartsWith('/') || prefix.EndsWith('/'))
        {
            throw reader.Error("mqtt.topicPrefix", prefix, "allowed: topic levels without + or # and without a leading or trailing /");
        }

        return new MqttOptions
        {
            Enabled = reader.Boolean("mqtt.enabled", true),
            Broker = broker,
            ClientId = reader.Text("mqtt.clientId"),
            Username = reader.Text("mqtt.username"),
            Password = reader.Text("mqtt.password"),
            Tls = reader.Boolean("mqtt.tls", broker.Scheme == "mqtts"),
            TopicPrefix = prefix,
            StatusInterval = StatusInterval(reader),
        };
    }
}
