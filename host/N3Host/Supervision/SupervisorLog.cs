using Microsoft.Extensions.Logging;

namespace N3Host.Supervision;

internal static partial class SupervisorLog
{
    [LoggerMessage(EventId = 100, EventName = "ModuleStarting", Level = LogLevel.Information, Message = "Starting {Instance} ({Module} {Version}, {Follows})")]
    public static partial void Starting(ILogger logger, string instance, string module, string version, string follows);

    [LoggerMessage(EventId = 101, EventName = "ModuleActive", Level = LogLevel.Information, Message = "{Instance} is active")]
    public static partial void Active(ILogger logger, string instance);

    [LoggerMessage(EventId = 102, EventName = "ModuleStandby", Level = LogLevel.Information, Message = "{Instance} is standby (the node is {Role})")]
    public static partial void Standby(ILogger logger, string instance, string role);

    [LoggerMessage(EventId = 103, EventName = "ModuleStopped", Level = LogLevel.Information, Message = "{Instance} stopped")]
    public static partial void Stopped(ILogger logger, string instance);

    [LoggerMessage(EventId = 104, EventName = "ModuleFaulted", Level = LogLevel.Error, Message = "{Instance} faulted in {Reason}")]
    public static partial void Faulted(ILogger logger, string instance, string reason, Exception error);

    [LoggerMessage(EventId = 105, EventName = "ModuleRestartScheduled", Level = LogLevel.Warning, Message = "{Instance} restarts in {DelayMs} ms (fault {Count} in a row)")]
    public static partial void RestartScheduled(ILogger logger, string instance, long delayMs, int count);

    [LoggerMessage(EventId = 106, EventName = "ModuleRefused", Level = LogLevel.Error, Message = "{Instance} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string instance, string reason);

    [LoggerMessage(EventId = 107, EventName = "ModuleDisabled", Level = LogLevel.Information, Message = "{Instance} is disabled in modules.json")]
    public static partial void Disabled(ILogger logger, string instance);

    [LoggerMessage(EventId = 108, EventName = "RoleChanged", Level = LogLevel.Information, Message = "Node is now {Mode} {Role} (term {Term}): {Reason}")]
    public static partial void RoleChanged(ILogger logger, string mode, string role, long term, string reason);

    [LoggerMessage(EventId = 109, EventName = "ModuleCleanupFailed", Level = LogLevel.Warning, Message = "{Instance}: cleaning up after the fault failed: {Reason}")]
    public static partial void CleanupFailed(ILogger logger, string instance, string reason);

    [LoggerMessage(EventId = 110, EventName = "SupervisorError", Level = LogLevel.Critical, Message = "Supervisor error while handling {Command}")]
    public static partial void LoopError(ILogger logger, string command, Exception error);

    [LoggerMessage(EventId = 111, EventName = "ModuleRemoved", Level = LogLevel.Information, Message = "{Instance} is no longer in modules.json: stopped and removed")]
    public static partial void Removed(ILogger logger, string instance);

    [LoggerMessage(EventId = 112, EventName = "Reconfigured", Level = LogLevel.Information,
        Message = "New configuration applied: {Added} instance(s) added, {Restarted} restarted with changed settings, {Removed} removed, {Unchanged} unchanged")]
    public static partial void Reconfigured(ILogger logger, int added, int restarted, int removed, int unchanged);

    [LoggerMessage(EventId = 113, EventName = "ModuleDegraded", Level = LogLevel.Warning, Message = "{Instance} is degraded: {Condition}")]
    public static partial void Degraded(ILogger logger, string instance, string condition);

    [LoggerMessage(EventId = 114, EventName = "ModuleRecovered", Level = LogLevel.Information, Message = "{Instance} is active again (no longer degraded)")]
    public static partial void Recovered(ILogger logger, string instance);
}
