using System.Globalization;
using System.Text.Json;
using N3Host.Status;

namespace N3Host.Configuration;

/// <summary>
/// The <c>mqtt</c> section: where the node publishes its status. At the top level of modules.json; before 0.2 it was in the
/// Redundancy instance's settings, which is still read when the top level has none (both at once is an error).
/// </summary>
internal static partial class ConfigurationLoader
{
    private const string MqttKey = "mqtt";
    private static readonly string[] MqttKeys = ["enabled", "broker", "clientId", "username", "password", "tls", "topicPrefix", "statusIntervalMs", "reconnectDelayMs"];

    private static MqttSettings ReadMqtt(string file, JsonElement root, IReadOnlyList<ModuleInstanceConfig> modules)
    {
        var legacy = modules.FirstOrDefault(m => m.Enabled && string.Equals(m.Module, SharedModules.NodeLocalModule, StringComparison.OrdinalIgnoreCase)
            && HasMqtt(m.SettingsJson));
        if (TryGet(root, MqttKey, out var section) && section.ValueKind != JsonValueKind.Null)
        {
            if (legacy is not null)
            {
                throw Error(file, $"mqtt: set both at the top level and in instance \"{legacy.Instance}\"'s settings; keep the top-level one (the Redundancy instance's mqtt section is the place before 0.2)");
            }

            return ReadMqttSection(file, "mqtt", section, "mqtt");
        }

        if (legacy is null)
        {
            return MqttSettings.Default;
        }

        using var settings = JsonDocument.Parse(legacy.SettingsJson);
        TryGet(settings.RootElement, MqttKey, out var old);
        var where = $"instance \"{legacy.Instance}\": mqtt";
        return ReadMqttSection(file, where, old, where);
    }

    private static bool HasMqtt(string settingsJson)
    {
        using var settings = JsonDocument.Parse(settingsJson);
        return TryGet(settings.RootElement, MqttKey, out var mqtt) && mqtt.ValueKind != JsonValueKind.Null;
    }

    private static MqttSettings ReadMqttSection(string file, string where, JsonElement section, string source)
    {
        RequireObject(file, where, section);
        CheckKeys(file, where, section, MqttKeys);
        var brokerText = ReadString(file, $"{where}.broker", section, "broker") ?? MqttSettings.DefaultBroker;
        if (!Uri.TryCreate(brokerText, UriKind.Absolute, out var broker) || (broker.Scheme != "mqtt" && broker.Scheme != "mqtts") || broker.Host.Length == 0)
        {
            throw Error(file, $"{where}.broker: \"{brokerText}\" is not allowed (allowed: mqtt://host:port or mqtts://host:port, default {MqttSettings.DefaultBroker})");
        }

        var prefix = ReadString(file, $"{where}.topicPrefix", section, "topicPrefix") ?? MqttSettings.DefaultTopicPrefix;
        if (prefix.Length == 0 || prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Contains('+', StringComparison.Ordinal) || prefix.Contains('#', StringComparison.Ordinal))
        {
            throw Error(file, $"{where}.topicPrefix: \"{prefix}\" is not allowed (allowed: topic levels without + or # and without a leading or trailing /, default {MqttSettings.DefaultTopicPrefix})");
        }

        var interval = ReadInt(file, $"{where}.statusIntervalMs", section, "statusIntervalMs", MqttSettings.DefaultStatusIntervalMs, 0, 3_600_000);
        if (interval is > 0 and < 200)
        {
            throw Error(file, $"{where}.statusIntervalMs: {interval.ToString(CultureInfo.InvariantCulture)} is out of range (allowed: 0 (never) or 200 to 3600000, default {MqttSettings.DefaultStatusIntervalMs})");
        }

        var reconnect = ReadInt(file, $"{where}.reconnectDelayMs", section, "reconnectDelayMs", MqttSettings.DefaultReconnectDelayMs, 100, 600_000);
        return new MqttSettings
        {
            Enabled = ReadBoolean(file, $"{where}.enabled", section, "enabled", true),
            Broker = broker,
            ClientId = ReadString(file, $"{where}.clientId", section, "clientId"),
            Username = ReadString(file, $"{where}.username", section, "username"),
            Password = ReadString(file, $"{where}.password", section, "password"),
            Tls = ReadBoolean(file, $"{where}.tls", section, "tls", broker.Scheme == "mqtts"),
            TopicPrefix = prefix,
            StatusInterval = TimeSpan.FromMilliseconds(interval),
            ReconnectDelay = TimeSpan.FromMilliseconds(reconnect),
            Source = source,
        };
    }

    private static bool ReadBoolean(string file, string where, JsonElement element, string key, bool defaultValue)
    {
        if (!TryGet(element, key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(file, $"{where}: {value.GetRawText()} is not allowed (allowed: true or false, default {(defaultValue ? "true" : "false")})"),
        };
    }
}
