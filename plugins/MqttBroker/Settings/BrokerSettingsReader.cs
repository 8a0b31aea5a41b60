using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace N3Host.Plugins.MqttBroker.Settings;

/// <summary>Reads and checks an MqttBroker instance's settings; every problem names the setting and its allowed range or form.</summary>
public static class BrokerSettingsReader
{
    private static readonly string[] IntegerKeys = ["port", "maxPendingMessagesPerClient"];
    private static readonly string[] KnownKeys = ["port", "bindAddress", "username", "password", "maxPendingMessagesPerClient"];

    /// <summary>Binds and checks the settings; throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    public static BrokerPlan Read(IConfiguration settings, string instanceName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        foreach (var child in settings.GetChildren())
        {
            var key = KnownKeys.FirstOrDefault(k => string.Equals(k, child.Key, StringComparison.OrdinalIgnoreCase));
            if (key is null)
            {
                errors.Add($"unknown setting '{child.Key}' (known: {string.Join(", ", KnownKeys)})");
            }
            else if (IntegerKeys.Contains(key) && !int.TryParse(child.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{key} = '{child.Value}' is not a whole number");
            }
        }

        var options = new BrokerOptions();
        IPAddress? address = null;
        if (errors.Count == 0)
        {
            settings.Bind(options);
            if (options.Port is < 1 or > 65535)
            {
                errors.Add(Invariant($"port = {options.Port} is out of range 1..65535"));
            }

            if (!IPAddress.TryParse(options.BindAddress?.Trim(), out address))
            {
                errors.Add($"bindAddress = '{options.BindAddress}' is not an IP address (use 127.0.0.1 for this machine only, 0.0.0.0 for every interface, or one of this machine's addresses)");
            }

            if (options.MaxPendingMessagesPerClient is < BrokerOptions.MinPendingMessages or > BrokerOptions.MaxPendingMessages)
            {
                errors.Add(Invariant(
                    $"maxPendingMessagesPerClient = {options.MaxPendingMessagesPerClient} is out of range {BrokerOptions.MinPendingMessages}..{BrokerOptions.MaxPendingMessages}"));
            }

            if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
            {
                errors.Add("username and password must be given together (both or neither)");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"MqttBroker instance '{instanceName}' has invalid settings: {string.Join("; ", errors)}");
        }

        var credentials = string.IsNullOrEmpty(options.Username) ? null : new BrokerCredentials(options.Username, options.Password!);
        return new BrokerPlan(options.Port, address!, credentials, options.MaxPendingMessagesPerClient);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
