using Microsoft.Extensions.Logging;

namespace N3Host.Status;

internal static partial class StatusLog
{
    [LoggerMessage(EventId = 300, EventName = "MqttConnected", Level = LogLevel.Information,
        Message = "Connected to the MQTT broker {Broker}; publishing the node's status under {Prefix}")]
    public static partial void Connected(ILogger logger, Uri broker, string prefix);

    [LoggerMessage(EventId = 301, EventName = "MqttUnavailable", Level = LogLevel.Warning,
        Message = "MQTT broker {Broker} unavailable ({Reason}); retrying every {DelayMs} ms, the latest status and role are published when it is back")]
    public static partial void Unavailable(ILogger logger, Uri broker, string reason, double delayMs);

    [LoggerMessage(EventId = 302, EventName = "MqttPublishFailed", Level = LogLevel.Debug,
        Message = "Publishing {Topic} failed; it is sent again after the reconnect")]
    public static partial void PublishFailed(ILogger logger, string topic, Exception error);

    [LoggerMessage(EventId = 304, EventName = "MqttLateWill", Level = LogLevel.Information,
        Message = "The broker published an earlier session's will on {Topic} after this session connected; publishing online again")]
    public static partial void LateWill(ILogger logger, string topic);

    [LoggerMessage(EventId = 305, EventName = "MqttStatusDisabled", Level = LogLevel.Information,
        Message = "MQTT status publishing is off (mqtt.enabled: false in {Source})")]
    public static partial void Disabled(ILogger logger, string source);

    [LoggerMessage(EventId = 306, EventName = "MqttStatePayloadFailed", Level = LogLevel.Warning,
        Message = "The state a module published on {Topic} cannot be serialized as JSON; it is not published")]
    public static partial void PayloadFailed(ILogger logger, string topic, Exception error);

    [LoggerMessage(EventId = 307, EventName = "MqttStatusLoopFailed", Level = LogLevel.Error,
        Message = "The node's MQTT status publishing stopped on an unexpected error; the node runs on without it")]
    public static partial void LoopFailed(ILogger logger, Exception error);
}
