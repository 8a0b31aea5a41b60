using Microsoft.Extensions.Logging;

namespace N3Host.PluginKit.Mqtt;

internal static partial class MqttStatusLog
{
    [LoggerMessage(EventId = 201, EventName = "StatusMqttConnected", Level = LogLevel.Information, Message = "Publishing state to {Broker} on '{Topic}'")]
    public static partial void Connected(ILogger logger, Uri broker, string topic);

    [LoggerMessage(EventId = 202, EventName = "StatusMqttUnavailable", Level = LogLevel.Warning, Message = "MQTT broker {Broker} unavailable ({Reason}); state is still in status, retrying every {Delay} ms")]
    public static partial void Unavailable(ILogger logger, Uri broker, string reason, double delay);
}
