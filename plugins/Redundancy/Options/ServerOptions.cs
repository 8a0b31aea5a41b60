using System.Net;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Redundancy.Options;

/// <summary>The primary's <c>server</c> section: where it listens for the backup.</summary>
public sealed record ServerOptions : ISettingsRules
{
    private const string AddressRule = "an IP address of this machine, 0.0.0.0 for all interfaces, 127.0.0.1 or localhost for local only (n3host interfaces lists them)";

    /// <summary><c>server.port</c>: TCP port.</summary>
    [Setting("port", Min = 1, Max = 65535)]
    public int Port { get; init; } = 3002;

    /// <summary><c>server.networkInterface</c>: the address to listen on (0.0.0.0 for all, 127.0.0.1 for local only).</summary>
    [Setting("networkInterface", Rule = AddressRule)]
    public string NetworkInterface { get; init; } = "0.0.0.0";

    /// <summary>
    /// <c>server.pairingPort</c>: TCP port the primary listens on, at <c>server.networkInterface</c>, only while a pairing code is open
    /// (<c>n3host pair</c>; the host runs the pairing and reads this setting).
    /// </summary>
    [Setting("pairingPort", Min = 1, Max = 65535)]
    public int PairingPort { get; init; } = 3003;

    /// <summary><c>server.initialStandbyTime</c>: how long the primary waits for the backup after it starts.</summary>
    [Setting("initialStandbyTime", Min = 0, Max = 3_600_000)]
    public TimeSpan InitialStandbyTime { get; init; } = TimeSpan.FromMilliseconds(10_000);

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!string.Equals(NetworkInterface, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(NetworkInterface, out _))
        {
            check.Fail("networkInterface", AddressRule);
        }
    }
}
