using System.Net;
using Microsoft.Extensions.Configuration;
using N3Host.PluginKit.Mqtt;
using N3Host.PluginKit.Settings;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Links;

/// <summary>Turns an instance's <c>settings</c> into <see cref="LinksOptions"/>, or fails naming the setting and its range.</summary>
internal static class LinksOptionsParser
{
    private static readonly string[] ServerKeys = ["role", "port", "networkInterface", "trustedCertificates", "prefix", "handshakeTimeout", "maxFrameBytes", "ackAfterStored", "mqtt"];
    private static readonly string[] ClientKeys = ["role", "host", "port", "tags", "serverCertificates", "connectionTimeout", "reconnectDelay", "bufferLimitBytes", "maxFrameBytes", "maxUnacknowledgedBytes", "syncIntervalMs", "probeIntervalMs", "mqtt"];

    public static LinksOptions Parse(IConfiguration settings, string instance, string baseDirectory)
    {
        var reader = new SettingsReader(settings, instance, "Links");
        var role = reader.RequiredText("role").ToLowerInvariant() switch
        {
            "server" => LinkRole.Server,
            "client" => LinkRole.Client,
            var other => throw reader.Error("role", $"= '{other}' must be 'server' or 'client'"),
        };

        reader.RejectUnknown(role == LinkRole.Server ? ServerKeys : ClientKeys);
        var mqtt = MqttStatusOptions.Parse(reader);
        return role == LinkRole.Server
            ? new LinksOptions(role, ParseServer(reader, baseDirectory), null, mqtt)
            : new LinksOptions(role, null, ParseClient(reader, baseDirectory), mqtt);
    }

    private static LinkServerOptions ParseServer(SettingsReader reader, string baseDirectory)
    {
        var trusted = reader.List("trustedCertificates");
        if (trusted.Count == 0)
        {
            throw reader.Error("trustedCertificates", "is required: list the PEM certificate (or its file) of every client node allowed to link");
        }

        var address = reader.Text("networkInterface", "127.0.0.1");
        var ip = string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : null;
        if (ip is null && !IPAddress.TryParse(address, out ip))
        {
            throw reader.Error("networkInterface", $"= '{address}' is not an IP address (127.0.0.1 or localhost, 0.0.0.0 for all, or one of this machine's addresses: n3host interfaces lists them)");
        }

        return new LinkServerOptions
        {
            Port = RequiredPort(reader),
            NetworkInterface = ip,
            TrustedCertificates = CertificatePins.Load(trusted, baseDirectory, problem => reader.Error("trustedCertificates", problem)),
            Prefix = (reader.Text("prefix") ?? "{node}").Trim('/'),
            HandshakeTimeout = reader.Milliseconds("handshakeTimeout", 5000, 100, 60_000),
            MaxFrameBytes = reader.Int("maxFrameBytes", LinkServerOptions.DefaultMaxFrameBytes, 4096, 16 << 20),
            AckAfterStored = reader.Bool("ackAfterStored", true),
        };
    }

    private static LinkClientOptions ParseClient(SettingsReader reader, string baseDirectory)
    {
        var pins = reader.List("serverCertificates");
        if (pins.Count == 0)
        {
            throw reader.Error("serverCertificates", "is required: list the PEM certificate (or its file) of the server node, both nodes for a redundant pair");
        }

        return new LinkClientOptions
        {
            Host = reader.RequiredText("host"),
            Port = RequiredPort(reader),
            Tags = reader.List("tags"),
            ServerCertificates = CertificatePins.Load(pins, baseDirectory, problem => reader.Error("serverCertificates", problem)),
            ConnectionTimeout = reader.Milliseconds("connectionTimeout", 5000, 100, 600_000),
            ReconnectDelay = reader.Milliseconds("reconnectDelay", 1000, 0, 600_000),
            BufferLimitBytes = reader.Long("bufferLimitBytes", 256L << 20, 64 << 10, 1L << 40),
            MaxFrameBytes = reader.Int("maxFrameBytes", LinkServerOptions.DefaultMaxFrameBytes, 4096, 16 << 20),
            MaxUnacknowledgedBytes = reader.Int("maxUnacknowledgedBytes", 4 << 20, 4096, 256 << 20),
            SyncInterval = reader.Milliseconds("syncIntervalMs", 0, 0, 10_000),
            ProbeInterval = reader.Milliseconds("probeIntervalMs", 2000, 100, 60_000),
        };
    }

    private static int RequiredPort(SettingsReader reader)
    {
        if (reader.Text("port") is null)
        {
            throw reader.Error("port", "is required (1..65535)");
        }

        return reader.Int("port", 0, 1, 65535);
    }
}
