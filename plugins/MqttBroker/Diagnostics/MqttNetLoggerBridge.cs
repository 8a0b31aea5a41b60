using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace N3Host.Plugins.MqttBroker.Diagnostics;

/// <summary>
/// Sends MQTTnet's own log to the instance's <see cref="ILogger"/>: verbose as Trace, info as Debug
/// (the module logs what a user needs at Information itself), warnings and errors as such.
/// </summary>
internal sealed class MqttNetLoggerBridge(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Trace) || logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info => LogLevel.Debug,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        Log.MqttNet(logger, level, source, text, exception);
    }
}
