using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The <c>mqtt</c> section: where the node's status, role and module states are published.</summary>
public sealed record MqttOptions : ISettingsRules
{
    private const string BrokerRule = "mqtt://host:port or mqtts://host:port, for example mqtt://127.0.0.1:1883";
    private const string PrefixRule = "topic levels without + or # and without a leading or trailing /";

    /// <summary><c>mqtt.enabled</c>: publish at all.</summary>
    [Setting("enabled")]
    public bool Enabled { get; init; } = true;

    /// <summary><c>mqtt.broker</c>: <c>mqtt://host:port</c> or <c>mqtts://host:port</c>.</summary>
    [Setting("broker", Rule = BrokerRule)]
    public Uri Broker { get; init; } = new("mqtt://127.0.0.1:1883");

    /// <summary><c>mqtt.clientId</c>: default <c>n3host-&lt;node&gt;</c>.</summary>
    [Setting("clientId")]
    public string? ClientId { get; init; }

    /// <summary><c>mqtt.username</c>.</summary>
    [Setting("username")]
    public string? Username { get; init; }

    /// <summary><c>mqtt.password</c>.</summary>
    [Setting("password")]
    public string? Password { get; init; }

    /// <summary><c>mqtt.tls</c>: TLS to the broker; left out: true with <c>mqtts://</c>.</summary>
    [Setting("tls")]
    public bool Tls { get; set; }

    /// <summary><c>mqtt.statusIntervalMs</c>: how often every module's status section goes to <c>&lt;prefix&gt;/&lt;node&gt;/sections/&lt;key&gt;</c>; 0: never.</summary>
    [Setting("statusIntervalMs", Min = 0, Max = 3_600_000, Rule = "0 (never) or a whole number in 200..3600000")]
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMilliseconds(5_000);

    /// <summary><c>mqtt.topicPrefix</c>: the first topic level.</summary>
    [Setting("topicPrefix", Rule = PrefixRule)]
    public string TopicPrefix { get; init; } = "n3host";

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Broker.Scheme is not ("mqtt" or "mqtts"))
        {
            check.Fail("broker", BrokerRule);
        }

        if (TopicPrefix.IndexOfAny(['+', '#']) >= 0 || TopicPrefix.StartsWith('/') || TopicPrefix.EndsWith('/'))
        {
            check.Fail("topicPrefix", PrefixRule);
        }

        if (StatusInterval.TotalMilliseconds is > 0 and < 200)
        {
            check.Fail("statusIntervalMs", "0 (never) or a whole number in 200..3600000");
        }
    }
}
