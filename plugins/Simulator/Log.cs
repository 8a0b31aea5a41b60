using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Simulator;

/// <summary>The Simulator's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "SimulatorStarted", Level = LogLevel.Information,
        Message = "Simulator {Instance} started: {TagCount} tags every {PeriodMs} ms")]
    public static partial void Started(ILogger logger, string instance, int tagCount, int periodMs);

    [LoggerMessage(EventId = 2, EventName = "SimulatorStopped", Level = LogLevel.Information,
        Message = "Simulator {Instance} stopped after {Samples} samples ({Values} values)")]
    public static partial void Stopped(ILogger logger, string instance, long samples, long values);

    [LoggerMessage(EventId = 3, EventName = "SimulatorFellBehind", Level = LogLevel.Warning,
        Message = "Simulator {Instance} fell behind: skipped {Skipped} periods at once ({Total} in all since start) with {TagCount} tags every {PeriodMs} ms; raise periodMs or lower count")]
    public static partial void FellBehind(ILogger logger, string instance, long skipped, long total, int periodMs, int tagCount);

    [LoggerMessage(EventId = 4, EventName = "SimulatorLoopFailed", Level = LogLevel.Error,
        Message = "Simulator {Instance} failed while sampling")]
    public static partial void LoopFailed(ILogger logger, string instance, Exception error);
}
