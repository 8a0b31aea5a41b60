using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Witness;

internal static partial class Log
{
    [LoggerMessage(EventId = 400, EventName = "WitnessConnected", Level = LogLevel.Information,
        Message = "Redundancy: witness {Broker} connected; heartbeats on {Topic}")]
    public static partial void Connected(ILogger logger, string broker, string topic);

    [LoggerMessage(EventId = 401, EventName = "WitnessUnavailable", Level = LogLevel.Warning,
        Message = "Redundancy: witness {Broker} unavailable ({Reason}); retried every {DelayMs} ms. Without it this node does not become active on a silent link")]
    public static partial void Unavailable(ILogger logger, string broker, string reason, double delayMs);

    [LoggerMessage(EventId = 402, EventName = "WitnessPeer", Level = LogLevel.Information,
        Message = "Redundancy: witness: the peer {Node} is {State}")]
    public static partial void Peer(ILogger logger, string node, string state);
}
