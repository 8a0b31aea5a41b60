using Microsoft.Extensions.Logging;

namespace N3Host.Pairing;

/// <summary>Log messages of pairing by code. The code itself is never logged.</summary>
internal static partial class PairingLog
{
    [LoggerMessage(EventId = 400, EventName = "PairingCodeOpened", Level = LogLevel.Warning,
        Message = "Pairing code opened, valid until {Until} for {Attempts} attempts; listening for the backup on {Endpoint} (server.pairingPort) until it is used")]
    public static partial void Opened(ILogger logger, string until, int attempts, string endpoint);

    [LoggerMessage(EventId = 401, EventName = "PairingNotARequest", Level = LogLevel.Warning,
        Message = "Pairing: refused a connection from {Remote}: not a pairing request ({Reason})")]
    public static partial void NotARequest(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 402, EventName = "PairingCodeRefused", Level = LogLevel.Warning, Message = "Pairing: refused {Remote}: {Reason}")]
    public static partial void CodeRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 403, EventName = "PairingFailed", Level = LogLevel.Warning, Message = "Pairing with {Remote} did not complete: {Reason}")]
    public static partial void Failed(ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 404, EventName = "Paired", Level = LogLevel.Warning,
        Message = "Paired with backup {Peer} (certificate SHA-256 {Fingerprint}) from {Remote}: {Applied}. The redundancy instance restarts with these settings: the pair comes up when the backup connects")]
    public static partial void Paired(ILogger logger, string peer, string fingerprint, string remote, string applied);

    [LoggerMessage(EventId = 406, EventName = "PairingLinksTrusted", Level = LogLevel.Warning,
        Message = "Paired the Links of remote node {Peer} (certificate SHA-256 {Fingerprint}) from {Remote}: {Applied}")]
    public static partial void LinksTrusted(ILogger logger, string peer, string fingerprint, string remote, string applied);

    [LoggerMessage(EventId = 407, EventName = "PairingReloaded", Level = LogLevel.Information,
        Message = "Pairing: configuration reloaded ({Message}); started [{Added}], restarted [{Restarted}]")]
    public static partial void Reloaded(ILogger logger, string message, string added, string restarted);

    [LoggerMessage(EventId = 405, EventName = "PairingListenerClosed", Level = LogLevel.Information, Message = "Pairing listener on {Endpoint} closed: {Why}")]
    public static partial void Closed(ILogger logger, string endpoint, string why);
}
