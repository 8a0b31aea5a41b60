using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.MqttBroker;

/// <summary>The MqttBroker's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "BrokerStarted", Level = LogLevel.Information,
        Message = "MQTT broker {Instance} listening on {Address}:{Port} ({Authentication}, up to {MaxPending} queued messages per client)")]
    public static partial void Started(ILogger logger, string instance, string address, int port, string authentication, int maxPending);

    [LoggerMessage(EventId = 2, EventName = "BrokerStopped", Level = LogLevel.Information,
        Message = "MQTT broker {Instance} stopped: {Received} messages received, {Dropped} dropped")]
    public static partial void Stopped(ILogger logger, string instance, long received, long dropped);

    [LoggerMessage(EventId = 3, EventName = "BrokerClientConnected", Level = LogLevel.Information,
        Message = "MQTT broker {Instance}: client '{ClientId}' connected from {Endpoint}")]
    public static partial void ClientConnected(ILogger logger, string instance, string clientId, string? endpoint);

    [LoggerMessage(EventId = 4, EventName = "BrokerClientDisconnected", Level = LogLevel.Information,
        Message = "MQTT broker {Instance}: client '{ClientId}' disconnected ({How})")]
    public static partial void ClientDisconnected(ILogger logger, string instance, string clientId, string how);

    [LoggerMessage(EventId = 5, EventName = "BrokerClientRefused", Level = LogLevel.Warning,
        Message = "MQTT broker {Instance}: refused client '{ClientId}' from {Endpoint}: bad user name or password (user '{Username}')")]
    public static partial void ClientRefused(ILogger logger, string instance, string clientId, string? endpoint, string? username);

    [LoggerMessage(EventId = 6, EventName = "BrokerMessagesDropped", Level = LogLevel.Warning,
        Message = "MQTT broker {Instance}: dropped {Count} queued messages (latest for client '{ClientId}'): its queue of {MaxPending} was full; {Total} dropped in all. Raise maxPendingMessagesPerClient or speed up the client")]
    public static partial void MessagesDropped(ILogger logger, string instance, long count, string clientId, int maxPending, long total);

    [LoggerMessage(EventId = 7, EventName = "BrokerStartFailed", Level = LogLevel.Error,
        Message = "MQTT broker {Instance} could not start: {Reason}")]
    public static partial void StartFailed(ILogger logger, string instance, string reason);
}
