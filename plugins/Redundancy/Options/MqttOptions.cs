namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The <c>mqtt</c> section: where the node's status, role and module states are published.</summary>
internal sealed record MqttOptions
{
    /// <summary><c>mqtt.enabled</c>: publish at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>mqtt.broker</c>: <c>mqtt://host:port</c> or <c>mqtts://host:port</c>.</summary>
    public Uri Broker { get; init; } = new("mqtt://127.0.0.1:1883");

    /// <summary><c>mqtt.clientId</c>: default <c>n3host-&lt;node&gt;</c>.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>mqtt.username</c>.</summary>
    public string? Username { get; init; }

    /// <summary><c>mqtt.password</c>.</summary>
    public string? Password { get; init; }

    /// <summary><c>mqtt.tls</c>: TLS to the broker (implied by <c>mqtts://</c>).</summary>
    public bool Tls { get; init; }

    /// <summary><c>mqtt.statusIntervalMs</c>: how often every module's status section goes to <c>&lt;prefix&gt;/&lt;node&gt;/sections/&lt;key&gt;</c>; 0: never.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMilliseconds(5_000);

    /// <summary><c>mqtt.topicPrefix</c>: the first topic level.</summary>
    public string TopicPrefix { get; init; } = "n3host";
}
