using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.RedundancyAgent;

internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "AgentListening", Level = LogLevel.Information, Message = "Redundancy agent listening on {Endpoint}, forwarding to the active node of {Primary} / {Backup}")]
    public static partial void AgentListening(this ILogger logger, string endpoint, string primary, string backup);

    [LoggerMessage(EventId = 102, EventName = "AgentTargetChanged", Level = LogLevel.Warning, Message = "Redundancy agent now forwards to {Target} (node {Node}, active in term {Term}); before: {Old}")]
    public static partial void TargetChanged(this ILogger logger, string target, string node, long term, string old);

    [LoggerMessage(EventId = 103, EventName = "AgentNoActiveNode", Level = LogLevel.Warning, Message = "Redundancy agent: no active node ({Primary}: {PrimaryState}; {Backup}: {BackupState}); new connections wait for one")]
    public static partial void NoActiveNode(this ILogger logger, string primary, string primaryState, string backup, string backupState);

    [LoggerMessage(EventId = 104, EventName = "AgentConnectionsClosed", Level = LogLevel.Information, Message = "Redundancy agent closed {Count} connection(s) to {Old} so they reconnect to the active node")]
    public static partial void ConnectionsClosed(this ILogger logger, int count, string old);

    [LoggerMessage(EventId = 105, EventName = "AgentNoTarget", Level = LogLevel.Warning, Message = "Redundancy agent closed the connection from {Remote}: no active node reachable within {Timeout} ms (setting 'connectTimeout')")]
    public static partial void NoTarget(this ILogger logger, string remote, double timeout);

    [LoggerMessage(EventId = 106, EventName = "AgentSpliceUnavailable", Level = LogLevel.Information, Message = "Redundancy agent: splice(2) is not available for the connection from {Client} (errno {Error}); copying it instead (setting 'zeroCopy')")]
    public static partial void SpliceUnavailable(this ILogger logger, string client, int error);
}
