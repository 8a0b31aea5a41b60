using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using MQTTnet;
using MQTTnet.Protocol;
using N3Host.Contracts;
using N3Host.PluginKit.Mqtt;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>What goes over the witness broker: the topics, the session's options with its will, and the heartbeat messages.</summary>
internal static class WitnessMessages
{
    /// <summary>The heartbeat's JSON: web defaults, enums as camelCase strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    /// <summary>A node's heartbeat topic: <c>&lt;prefix&gt;/&lt;pair&gt;/&lt;mode&gt;</c>.</summary>
    public static string Topic(WitnessOptions options, string pairId, RedundancyMode mode) => $"{options.TopicPrefix}/{pairId}/{Lower(mode)}";

    /// <summary>
    /// The session's options: a clean session with a fresh client id, a keep-alive from the witness timeout, credentials
    /// and TLS as configured, and the will (offline, on the node's own topic, QoS 1).
    /// </summary>
    public static MqttClientOptions ClientOptions(WitnessOptions options, string node, RedundancyMode mode, string ownTopic, TimeSpan timeout)
    {
        var will = JsonSerializer.SerializeToUtf8Bytes(new WitnessBeat(node, mode, NodeRole.Standby, 0, false, 0), Json);
        return MqttSessionOptions.Create(
                options.Broker.Host,
                options.Port,
                $"n3host-witness-{node}-{Guid.NewGuid():N}",
                options.Username,
                options.Password,
                options.Tls,
                TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 60)),
                timeout > TimeSpan.FromSeconds(5) ? timeout : TimeSpan.FromSeconds(5),
                ownTopic,
                will,
                willRetain: false)
            .Build();
    }

    /// <summary>A heartbeat on a topic: QoS 0, not retained.</summary>
    public static MqttApplicationMessage Message(string topic, byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
        .Build();

    /// <summary>A heartbeat read from a message; null if it is not one.</summary>
    public static WitnessBeat? Parse(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            return JsonSerializer.Deserialize<WitnessBeat>(ref reader, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Lower(RedundancyMode mode) => mode.ToString().ToLowerInvariant();
}
