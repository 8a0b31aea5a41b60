using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Mqtt;

internal static partial class Log
{
    [LoggerMessage(EventId = 300, EventName = "MqttConnected", Level = LogLevel.Information,
        Message = "Redundancy: connected to the MQTT broker {Broker}; publishing under {Prefix}")]
    public static partial void Connected(ILogger logger, Uri broker, string prefix);

    [LoggerMessage(EventId = 301, EventName = "MqttUnavailable", Level = LogLevel.Warning,
        Message = "Redundancy: MQTT broker {Broker} unavailable ({Reason}); retrying every {DelayMs} ms, role changes are published when it is back")]
    public static partial void Unavailable(ILogger logger, Uri broker, string reason, double delayMs);

    [LoggerMessage(EventId = 302, EventName = "MqttPublishFailed", Level = LogLevel.Debug,
        Message = "Redundancy: publishing {Topic} failed; it is sent again after the reconnect")]
    public static partial void PublishFailed(ILogger logger, string topic, Exception error);

    [LoggerMessage(EventId = 303, EventName = "MqttNet", Message = "MQTTnet {Source}: {Text}")]
    public static partial void MqttNet(ILogger logger, LogLevel level, string source, string text, Exception? error);

    [LoggerMessage(EventId = 304, EventName = "MqttLateWill", Level = LogLevel.Information,
        Message = "Redundancy: the broker published an earlier session's will on {Topic} after this session connected; publishing online again")]
    public static partial void LateWill(ILogger logger, string topic);
}
