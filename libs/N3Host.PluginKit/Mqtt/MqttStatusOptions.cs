using N3Host.PluginKit.Settings;

namespace N3Host.PluginKit.Mqtt;

/// <summary>
/// The optional <c>mqtt</c> section of a Links or RedundancyAgent instance: with it, the instance's state also goes on its own
/// topic (<c>&lt;prefix&gt;/&lt;node&gt;/links/&lt;instance&gt;</c>, ...) every <see cref="Period"/>, through the node's publisher (the node's
/// top-level <c>mqtt</c> section says where). <see cref="Broker"/>, <see cref="TopicPrefix"/>, <see cref="ClientId"/>,
/// <see cref="Username"/> and <see cref="Password"/> are read so that configurations from before 0.2 still load; the node's
/// settings replace them.
/// </summary>
public sealed record MqttStatusOptions
{
    /// <summary><c>mqtt.broker</c>: <c>mqtt://host:port</c>. Default <c>mqtt://127.0.0.1:1883</c>.</summary>
    public Uri Broker { get; init; } = new("mqtt://127.0.0.1:1883");

    /// <summary><c>mqtt.topicPrefix</c>: the first topic level. Default <c>n3host</c>.</summary>
    public string TopicPrefix { get; init; } = "n3host";

    /// <summary><c>mqtt.clientId</c>: default <c>n3host-&lt;node&gt;-&lt;instance&gt;</c>.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>mqtt.username</c>.</summary>
    public string? Username { get; init; }

    /// <summary><c>mqtt.password</c>.</summary>
    public string? Password { get; init; }

    /// <summary><c>mqtt.period</c>: ms between publications of the state when it changed. Default 1000, 100..600000.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>mqtt</c> section, or null when absent or <c>enabled: false</c>.</summary>
    public static MqttStatusOptions? Parse(SettingsReader settings)
    {
        if (!settings.Has("mqtt"))
        {
            return null;
        }

        var mqtt = settings.Section("mqtt");
        mqtt.RejectUnknown("enabled", "broker", "topicPrefix", "clientId", "username", "password", "period");
        if (string.Equals(mqtt.Text("enabled"), "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var brokerText = mqtt.Text("broker", "mqtt://127.0.0.1:1883");
        if (!Uri.TryCreate(brokerText, UriKind.Absolute, out var broker) || broker.Scheme != "mqtt" || broker.Host.Length == 0)
        {
            throw mqtt.Error("broker", $"= '{brokerText}' is not an mqtt://host:port address");
        }

        return new MqttStatusOptions
        {
            Broker = broker,
            TopicPrefix = mqtt.Text("topicPrefix", "n3host").Trim('/'),
            ClientId = mqtt.Text("clientId"),
            Username = mqtt.Text("username"),
            Password = mqtt.Text("password"),
            Period = mqtt.Milliseconds("period", 1000, 100, 600_000),
        };
    }
}
