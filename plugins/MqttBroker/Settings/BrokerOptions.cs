using System.Net;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.MqttBroker.Settings;

/// <summary>The MqttBroker's settings (the instance's <c>settings</c> object in modules.json). Defaults and ranges live here, once.</summary>
public sealed class BrokerOptions : ISettingsRules
{
    /// <summary>Smallest allowed <see cref="MaxPendingMessagesPerClient"/>.</summary>
    public const int MinPendingMessages = 1000;

    /// <summary>Largest allowed <see cref="MaxPendingMessagesPerClient"/>.</summary>
    public const int MaxPendingMessages = 10_000_000;

    private const string AddressRule = "an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every interface, or one of this machine's addresses)";

    /// <summary>The TCP port (1..65535).</summary>
    [Setting("port", Min = 1, Max = 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>The IP address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every IPv4 interface), :: (every IPv6 interface) or one address.</summary>
    [Setting("bindAddress", Rule = AddressRule)]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>When set (with <see cref="Password"/>), clients must give this user name.</summary>
    [Setting("username")]
    public string? Username { get; set; }

    /// <summary>When set (with <see cref="Username"/>), clients must give this password.</summary>
    [Setting("password")]
    public string? Password { get; set; }

    /// <summary>How many messages may wait for one client before the oldest is dropped (and counted).</summary>
    [Setting("maxPendingMessagesPerClient", Min = MinPendingMessages, Max = MaxPendingMessages)]
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!IPAddress.TryParse(BindAddress.Trim(), out _))
        {
            check.Fail("bindAddress", AddressRule);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            check.Fail(string.IsNullOrEmpty(Username) ? "username" : "password", "given together with " + (string.IsNullOrEmpty(Username) ? "password" : "username") + " (both or neither)");
        }
    }

    /// <summary>The checked settings as the broker runs them.</summary>
    public BrokerPlan ToPlan() => new(
        Port,
        IPAddress.Parse(BindAddress.Trim()),
        string.IsNullOrEmpty(Username) ? null : new BrokerCredentials(Username, Password!),
        MaxPendingMessagesPerClient);
}
