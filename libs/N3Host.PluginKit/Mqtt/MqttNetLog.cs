using Microsoft.Extensions.Logging;

namespace N3Host.PluginKit.Mqtt;

internal static partial class MqttNetLog
{
    [LoggerMessage(EventId = 303, EventName = "MqttNet", Message = "MQTTnet {Source}: {Text}")]
    public static partial void Message(ILogger logger, LogLevel level, string source, string text, Exception? error);
}
