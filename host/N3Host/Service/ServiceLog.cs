using Microsoft.Extensions.Logging;

namespace N3Host.Service;

/// <summary>Log messages of the node as a service.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 60, EventName = "ServiceReady", Level = LogLevel.Information, Message = "Told the service manager the node is ready: {Status}")]
    public static partial void Ready(ILogger logger, string status);

    [LoggerMessage(EventId = 61, EventName = "ServiceNotifyFailed", Level = LogLevel.Warning, Message = "Could not notify the service manager (NOTIFY_SOCKET): {Reason}")]
    public static partial void NotifyFailed(ILogger logger, string reason);
}
