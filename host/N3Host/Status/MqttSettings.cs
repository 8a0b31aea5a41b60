namespace N3Host.Status;

/// <summary>
/// The <c>mqtt</c> section of modules.json: where the node publishes its status, role, module states and status sections.
/// Read at start; a change needs a restart.
/// </summary>
internal sealed record MqttSettings
{
    public const string DefaultBroker = "mqtt://127.0.0.1:1883";
    public const string DefaultTopicPrefix = "n3host";
    public const int DefaultStatusIntervalMs = 5_000;
    public const int DefaultReconnectDelayMs = 1_000;

    public static MqttSettings Default { get; } = new();

    /// <summary><c>mqtt.enabled</c>: publish at all. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>mqtt.broker</c>: <c>mqtt://host:port</c> or <c>mqtts://host:port</c>.</summary>
    public Uri Broker { get; init; } = new(DefaultBroker);

    /// <summary><c>mqtt.clientId</c>: default <c>n3host-&lt;node&gt;</c>.</summary>
    public string? ClientId { get; init; }

    /// <summary><c>mqtt.username</c>.</summary>
    public string? Username { get; init; }

    /// <summary><c>mqtt.password</c>.</summary>
    public string? Password { get; init; }

    /// <summary><c>mqtt.tls</c>: TLS to the broker (implied by <c>mqtts://</c>).</summary>
    public bool Tls { get; init; }

    /// <summary><c>mqtt.topicPrefix</c>: the first topic level(s).</summary>
    public string TopicPrefix { get; init; } = DefaultTopicPrefix;

    /// <summary><c>mqtt.statusIntervalMs</c>: how often changed status sections go out; zero: never.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromMilliseconds(DefaultStatusIntervalMs);

    /// <summary><c>mqtt.reconnectDelayMs</c>: the wait between two connection attempts while the broker is unreachable.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(DefaultReconnectDelayMs);

    /// <summary>Where the section was read (<c>mqtt</c>, or the Redundancy instance's settings before 0.2), for the log.</summary>
    public string Source { get; init; } = "defaults";
}
