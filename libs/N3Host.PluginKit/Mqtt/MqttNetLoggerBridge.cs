using System.Globalization;
using Microsoft.Extensions.Logging;
using MQTTnet.Diagnostics.Logger;

namespace N3Host.PluginKit.Mqtt;

/// <summary>
/// MQTTnet's own log into an <see cref="ILogger"/> (the one bridge: the node's status publisher, the witness client and the
/// embedded broker use it): verbose as Trace, info as Debug (callers log what a user needs at Information themselves),
/// warnings as such, and errors at <paramref name="errorLevel"/>: a client's errors are connection trouble its reconnect loop
/// reports itself (Warning), a broker's are its own (Error).
/// </summary>
public sealed class MqttNetLoggerBridge(ILogger logger, LogLevel errorLevel = LogLevel.Warning) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Trace) || logger.IsEnabled(LogLevel.Debug) || logger.IsEnabled(LogLevel.Warning);

    public void Publish(MqttNetLogLevel logLevel, string source, string message, object[] parameters, Exception exception)
    {
        var level = logLevel switch
        {
            MqttNetLogLevel.Verbose => LogLevel.Trace,
            MqttNetLogLevel.Info => LogLevel.Debug,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            _ => errorLevel,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var text = parameters is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, message, parameters) : message;
        MqttNetLog.Message(logger, level, source, text, exception);
    }
}
