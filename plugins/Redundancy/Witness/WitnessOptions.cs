using N3Host.PluginKit.Mqtt;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>
/// The <c>witness</c> setting: an MQTT broker both nodes reach by another path than their direct link (the plant broker,
/// usually), given as <c>mqtt://[user:password@]host:port</c> or <c>mqtts://...</c>.
/// </summary>
internal sealed record WitnessOptions(Uri Broker, string? Username, string? Password, string TopicPrefix)
{
    public bool Tls => Broker.Scheme == "mqtts";

    public int Port => MqttSessionOptions.PortOf(Broker, Tls);

    /// <summary>The broker without credentials, for logs and status.</summary>
    public string Display => $"{Broker.Scheme}://{Broker.Host}:{Port}";

    /// <summary>Parses the setting's value; null with the reason when it is not a broker URL.</summary>
    public static (WitnessOptions? Options, string? Error) Parse(string text, string topicPrefix)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var broker) || (broker.Scheme != "mqtt" && broker.Scheme != "mqtts") || broker.Host.Length == 0)
        {
            return (null, "allowed: mqtt://host:port or mqtts://host:port, with optional user:password@ before the host, for example mqtt://10.0.0.5:1883");
        }

        string? user = null;
        string? password = null;
        if (broker.UserInfo.Length > 0)
        {
            var parts = broker.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }

        return (new WitnessOptions(broker, user, password, topicPrefix), null);
    }
}
