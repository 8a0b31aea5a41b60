using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace N3Host.Plugins.Redundancy.Mqtt;

/// <summary>MQTTnet's log into the instance's ILogger. MQTTnet's errors are connection trouble the publish loop reports itself, so they arrive as warnings.</summary>
internal sealed class MqttLoggerBridge(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Warning,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var text = parameters is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters) : message;
        Log.MqttNet(logger, level, source, text, exception);
    }
}
