using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Peer;

internal static partial class Log
{
    [LoggerMessage(EventId = 200, EventName = "Listening", Level = LogLevel.Information,
        Message = "Redundancy: primary listening for the backup on {EndPoint}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 201, EventName = "TlsEstablished", Level = LogLevel.Information,
        Message = "Redundancy: TLS with {Address}: {Protocol}, {Cipher}")]
    public static partial void TlsEstablished(ILogger logger, string address, SslProtocols protocol, TlsCipherSuite cipher);

    [LoggerMessage(EventId = 202, EventName = "ConnectFailed", Level = LogLevel.Debug,
        Message = "Redundancy: cannot reach the primary at {Host}:{Port}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 203, EventName = "LinkClosed", Level = LogLevel.Debug,
        Message = "Redundancy: link with {Address} closed: {Reason}")]
    public static partial void LinkClosed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 205, EventName = "LinkFailed", Level = LogLevel.Warning,
        Message = "Redundancy: the link with {Address} failed; it is retried")]
    public static partial void LinkFailed(ILogger logger, string address, Exception error);

    [LoggerMessage(EventId = 206, EventName = "SlowConnectionStep", Level = LogLevel.Warning,
        Message = "Redundancy: the {Step} with {Address} took {Milliseconds} ms, longer than connection.connectionTimeout ({TimeoutMs} ms); a slow step is not a failed peer (bound: connection.handshakeTimeout)")]
    public static partial void SlowStep(ILogger logger, string step, string address, long milliseconds, long timeoutMs);

    [LoggerMessage(EventId = 204, EventName = "AcceptFailed", Level = LogLevel.Warning,
        Message = "Redundancy: accepting a connection failed")]
    public static partial void AcceptFailed(ILogger logger, Exception error);
}
