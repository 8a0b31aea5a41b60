using System.Net;
using Microsoft.Extensions.Configuration;
using N3Host.PluginKit.Mqtt;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>Turns an instance's <c>settings</c> into <see cref="AgentOptions"/>, or fails naming the setting and its range.</summary>
internal static class AgentOptionsParser
{
    public static AgentOptions Parse(IConfiguration settings, string instance)
    {
        var reader = new SettingsReader(settings, instance, "RedundancyAgent");
        reader.RejectUnknown("port", "networkInterface", "primary", "backup", "healthCheckPeriod", "healthCheckTimeout", "connectTimeout", "bufferSize", "zeroCopy", "mqtt");
        var address = reader.Text("networkInterface", "127.0.0.1");
        var ip = string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : null;
        if (ip is null && !IPAddress.TryParse(address, out ip))
        {
            throw reader.Error("networkInterface", $"= '{address}' is not an IP address (127.0.0.1 or localhost, 0.0.0.0 for all, or one of this machine's addresses: n3host interfaces lists them)");
        }

        return new AgentOptions
        {
            Port = RequiredPort(reader),
            NetworkInterface = ip,
            Primary = Endpoint(reader, "primary"),
            Backup = Endpoint(reader, "backup"),
            HealthCheckPeriod = reader.Milliseconds("healthCheckPeriod", 200, 10, 60_000),
            HealthCheckTimeout = reader.Milliseconds("healthCheckTimeout", 1000, 10, 60_000),
            ConnectTimeout = reader.Milliseconds("connectTimeout", 5000, 0, 600_000),
            BufferSize = reader.Int("bufferSize", 2 << 20, 4096, 4 << 20),
            ZeroCopy = Flag(reader, "zeroCopy", false),
            Mqtt = MqttStatusOptions.Parse(reader),
        };
    }

    private static bool Flag(SettingsReader reader, string name, bool fallback) => reader.Text(name) switch
    {
        null => fallback,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw reader.Error(name, $"= '{text}' is not true or false"),
    };

    private static AgentEndpoint Endpoint(SettingsReader reader, string name)
    {
        if (!reader.Has(name))
        {
            throw reader.Error(name, "is required: { \"host\": ..., \"port\": ... } of that node's link server");
        }

        var section = reader.Section(name);
        section.RejectUnknown("host", "port");
        return new AgentEndpoint(name, section.RequiredText("host"), RequiredPort(section));
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
