using Microsoft.Extensions.Logging;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Roles;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, EventName = "RoleChanged", Level = LogLevel.Information,
        Message = "Redundancy: {Mode} node is now {Role} (term {Term}): {Reason}")]
    public static partial void RoleChanged(ILogger logger, RedundancyMode mode, NodeRole role, long term, string reason);

    [LoggerMessage(EventId = 101, EventName = "ActiveWithoutBackup", Level = LogLevel.Warning,
        Message = "Redundancy: {Reason}. Data and configuration changes made on the backup while it was active are not taken over.")]
    public static partial void ActiveWithoutBackup(ILogger logger, string reason);

    [LoggerMessage(EventId = 102, EventName = "PeerPaired", Level = LogLevel.Information,
        Message = "Redundancy: paired with {Node} ({PeerMode}, {PeerRole}, term {PeerTerm}, host {HostVersion}) at {Address} over {Security}, certificate {Fingerprint}")]
    public static partial void PeerPaired(ILogger logger, string node, RedundancyMode peerMode, NodeRole peerRole, long peerTerm, string hostVersion, string address, string security, string fingerprint);

    [LoggerMessage(EventId = 103, EventName = "PeerLost", Level = LogLevel.Warning,
        Message = "Redundancy: link to {Node} at {Address} lost: {Reason}")]
    public static partial void PeerLost(ILogger logger, string node, string address, string reason);

    [LoggerMessage(EventId = 104, EventName = "PeerRefused",
        Message = "Redundancy: connection with {Address} refused: {Reason}")]
    public static partial void PeerRefused(ILogger logger, LogLevel level, string address, string reason);

    [LoggerMessage(EventId = 105, EventName = "HigherTermSeen", Level = LogLevel.Information,
        Message = "Redundancy: peer {Node} is in term {PeerTerm}, above this node's term {Term}")]
    public static partial void HigherTermSeen(ILogger logger, string node, long peerTerm, long term);

    [LoggerMessage(EventId = 106, EventName = "HandOverFailed", Level = LogLevel.Error,
        Message = "Redundancy: the hand-over from the backup {Node} failed")]
    public static partial void HandOverFailed(ILogger logger, string node, Exception error);

    [LoggerMessage(EventId = 107, EventName = "TermNotSaved", Level = LogLevel.Error,
        Message = "Redundancy: could not save term {Term} to {Path}")]
    public static partial void TermNotSaved(ILogger logger, long term, string path, Exception error);

    [LoggerMessage(EventId = 108, EventName = "CommandRefused", Level = LogLevel.Warning,
        Message = "Redundancy: {Command} refused: {Reason}")]
    public static partial void CommandRefused(ILogger logger, string command, string reason);

    [LoggerMessage(EventId = 109, EventName = "CommandAccepted", Level = LogLevel.Information,
        Message = "Redundancy: {Command}: {Message}")]
    public static partial void CommandAccepted(ILogger logger, string command, string message);

    [LoggerMessage(EventId = 113, EventName = "NewPairing", Level = LogLevel.Warning,
        Message = "Redundancy: new pairing: the redundancy mode changed {Where}; the configuration and stored data of {Primary} (primary) overwrite those of {Backup} (backup)")]
    public static partial void NewPairing(ILogger logger, string where, string primary, string backup);

    [LoggerMessage(EventId = 110, EventName = "PeerClosedBeforePairing",
        Message = "Redundancy: connection with {Address} closed before pairing: {Reason}. If this repeats, check that each node's remoteCertificate is the other node's 'n3host cert show'")]
    public static partial void PeerClosedBeforePairing(ILogger logger, LogLevel level, string address, string reason);

    [LoggerMessage(EventId = 114, EventName = "TimeoutsDiffer", Level = LogLevel.Warning,
        Message = "Redundancy: {Message}")]
    public static partial void TimeoutsDiffer(ILogger logger, string message);

    [LoggerMessage(EventId = 115, EventName = "AttemptSlow", Level = LogLevel.Warning,
        Message = "Redundancy: {Reason}")]
    public static partial void AttemptSlow(ILogger logger, string reason);

    [LoggerMessage(EventId = 116, EventName = "Fenced", Level = LogLevel.Warning,
        Message = "Redundancy: {Reason}")]
    public static partial void Fenced(ILogger logger, string reason);

    [LoggerMessage(EventId = 117, EventName = "FenceLifted", Level = LogLevel.Information,
        Message = "Redundancy: fence lifted: {Why}")]
    public static partial void FenceLifted(ILogger logger, string why);

    [LoggerMessage(EventId = 112, EventName = "VersionMismatch", Level = LogLevel.Warning,
        Message = "Redundancy: {Message}")]
    public static partial void VersionMismatch(ILogger logger, string message);

    [LoggerMessage(EventId = 118, EventName = "VersionSkew", Level = LogLevel.Warning,
        Message = "Redundancy: {Message}")]
    public static partial void VersionSkew(ILogger logger, string message);
}
