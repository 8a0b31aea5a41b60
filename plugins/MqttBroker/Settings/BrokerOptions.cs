namespace N3Host.Plugins.MqttBroker.Settings;

/// <summary>The MqttBroker's settings (the instance's <c>settings</c> object in modules.json).</summary>
public sealed class BrokerOptions
{
    /// <summary>Smallest allowed <see cref="MaxPendingMessagesPerClient"/>.</summary>
    public const int MinPendingMessages = 1000;

    /// <summary>Largest allowed <see cref="MaxPendingMessagesPerClient"/>.</summary>
    public const int MaxPendingMessages = 10_000_000;

    /// <summary>The TCP port (1..65535).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>The IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every IPv4 interface), :: (every IPv6 interface) or one address.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>When set (with <see cref="Password"/>), clients must give this user name.</summary>
    public string? Username { get; set; }

    /// <summary>When set (with <see cref="Username"/>), clients must give this password.</summary>
    public string? Password { get; set; }

    /// <summary>How many messages may wait for one client before the oldest is dropped (and counted).</summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;
}
