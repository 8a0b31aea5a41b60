using N3Host.PluginKit.Settings;

namespace N3Host.PluginKit.Mqtt;

/// <summary>
/// The optional <c>mqtt</c> section of a Links or RedundancyAgent instance: with it, the instance's state also goes on its own
/// topic (<c>&lt;prefix&gt;/&lt;node&gt;/links/&lt;instance&gt;</c>, ...) every <see cref="Period"/>, through the node's publisher (the node's
/// top-level <c>mqtt</c> section says where). <see cref="Broker"/>, <see cref="TopicPrefix"/>, <see cref="ClientId"/>,
/// <see cref="Username"/> and <see cref="Password"/> are read so that configurations from before 0.2 still load; the node's
/// settings replace them.
/// </summary>
public sealed record MqttStatusOptions : ISettingsRules
{
    /// <summary><c>mqtt.enabled</c>: publish at all. Default true (when the section is there).</summary>
    [Setting("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary><c>mqtt.broker</c>: <c>mqtt://host:port</c>. Default <c>mqtt://127.0.0.1:1883</c>.</summary>
    [Setting("broker", Rule = "an mqtt://host:port address")]
    public Uri Broker { get; init; } = new("mqtt://127.0.0.1:1883");

    /// <summary><c>mqtt.topicPrefix</c>: the first topic level. Default <c>n3host</c>.</summary>
    [Setting("topicPrefix")]
    public string TopicPrefix { get; init; } = "n3host";

    /// <summary><c>mqtt.clientId</c>: default <c>n3host-&lt;node&gt;-&lt;instance&gt;</c>.</summary>
    [Setting("clientId")]
    public string? ClientId { get; init; }

    /// <summary><c>mqtt.username</c>.</summary>
    [Setting("username")]
    public string? Username { get; init; }

    /// <summary><c>mqtt.password</c>.</summary>
    [Setting("password")]
    public string? Password { get; init; }

    /// <summary><c>mqtt.period</c>: ms between publications of the state when it changed. Default 1000, 100..600000.</summary>
    [Setting("period", Min = 100, Max = 600_000)]
    public TimeSpan Period { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Broker.Scheme != "mqtt")
        {
            check.Fail("broker", "an mqtt://host:port address");
        }
    }

    /// <summary>The options with the topic prefix's slashes trimmed, or null when publishing is disabled.</summary>
    public MqttStatusOptions? WhenEnabled() => Enabled ? this with { TopicPrefix = TopicPrefix.Trim('/') } : null;
}
