using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Links;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "LinkServerListening", Level = LogLevel.Information, Message = "Link server listening on {Endpoint}; {Trusted} trusted client certificate(s); values published under '{Prefix}'")]
    public static partial void ServerListening(this Microsoft.Extensions.Logging.ILogger logger, string endpoint, int trusted, string prefix);

    [LoggerMessage(EventId = 2, EventName = "LinkServerStopped", Level = LogLevel.Information, Message = "Link server on {Endpoint} stopped")]
    public static partial void ServerStopped(this Microsoft.Extensions.Logging.ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, EventName = "LinkAccepted", Level = LogLevel.Information, Message = "Link from {Node}/{Instance} ({Remote}) accepted over {Protocol} {Cipher}; stream {Stream} resumes after sequence {HighWater}")]
    public static partial void LinkAccepted(this Microsoft.Extensions.Logging.ILogger logger, string node, string instance, string remote, SslProtocols protocol, string cipher, Guid stream, long highWater);

    [LoggerMessage(EventId = 4, EventName = "LinkClosed", Level = LogLevel.Information, Message = "Link from {Node}/{Instance} ({Remote}) closed: {Reason}")]
    public static partial void LinkClosed(this Microsoft.Extensions.Logging.ILogger logger, string node, string instance, string remote, string reason);

    [LoggerMessage(EventId = 5, EventName = "LinkRejected", Level = LogLevel.Warning, Message = "Connection from {Remote} dropped: {Reason}")]
    public static partial void ConnectionRejected(this Microsoft.Extensions.Logging.ILogger logger, string remote, string reason);

    [LoggerMessage(EventId = 6, EventName = "UntrustedCertificate", Level = LogLevel.Warning, Message = "Refused the {Side} certificate of {Remote} (SHA-256 {Fingerprint}): it is not in '{Setting}'")]
    public static partial void UntrustedCertificate(this Microsoft.Extensions.Logging.ILogger logger, string side, string remote, string fingerprint, string setting);

    [LoggerMessage(EventId = 7, EventName = "LinkConnected", Level = LogLevel.Information, Message = "Link to {Endpoint} up (server node {Node}, {Protocol} {Cipher}); sending from sequence {Next}, {Buffered} value(s) buffered")]
    public static partial void LinkConnected(this Microsoft.Extensions.Logging.ILogger logger, string endpoint, string node, SslProtocols protocol, string cipher, long next, long buffered);

    [LoggerMessage(EventId = 8, EventName = "LinkDown", Level = LogLevel.Warning, Message = "Link to {Endpoint} down: {Reason}; buffering on disk, retrying")]
    public static partial void LinkDown(this Microsoft.Extensions.Logging.ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 9, EventName = "LinkBufferOverflow", Level = LogLevel.Error, Message = "Link buffer full ({Bytes} of {Limit} bytes, setting 'bufferLimitBytes'): new values are dropped; {Overflowed} dropped so far")]
    public static partial void BufferOverflow(this Microsoft.Extensions.Logging.ILogger logger, long bytes, long limit, long overflowed);

    [LoggerMessage(EventId = 10, EventName = "LinkBufferOverflowEnded", Level = LogLevel.Warning, Message = "Link buffer accepts values again; {Overflowed} value(s) were dropped in all")]
    public static partial void BufferOverflowEnded(this Microsoft.Extensions.Logging.ILogger logger, long overflowed);

    [LoggerMessage(EventId = 11, EventName = "ValueTooLarge", Level = LogLevel.Error, Message = "Tag '{Path}' dropped: its value does not fit in one frame (setting 'maxFrameBytes')")]
    public static partial void ValueTooLarge(this Microsoft.Extensions.Logging.ILogger logger, string path);

    [LoggerMessage(EventId = 12, EventName = "BufferRecovered", Level = LogLevel.Warning, Message = "Link buffer recovered after an unclean stop: {Note}")]
    public static partial void BufferRecovered(this Microsoft.Extensions.Logging.ILogger logger, string note);

    [LoggerMessage(EventId = 13, EventName = "LinkClientStarted", Level = LogLevel.Information, Message = "Link client to {Endpoint} started: stream {Stream}, {Buffered} value(s) waiting in the buffer, {Pins} pinned server certificate(s)")]
    public static partial void ClientStarted(this Microsoft.Extensions.Logging.ILogger logger, string endpoint, Guid stream, long buffered, int pins);

    [LoggerMessage(EventId = 14, EventName = "LinkReplaced", Level = LogLevel.Information, Message = "Link from {Node}/{Instance} reconnected; closing its older connection")]
    public static partial void LinkReplaced(this Microsoft.Extensions.Logging.ILogger logger, string node, string instance);

    [LoggerMessage(EventId = 15, EventName = "LinkRefusedByServer", Level = LogLevel.Warning, Message = "Link to {Endpoint} refused by the server: {Reason}")]
    public static partial void RefusedByServer(this Microsoft.Extensions.Logging.ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 16, EventName = "LinkBufferBehindServer", Level = LogLevel.Warning, Message = "Link to {Endpoint}: the server holds this node's stream up to sequence {Held}, {Skipped} beyond what the link buffer numbered (its folder was restored from an older copy or damaged); numbering goes on after it, {Renumbered} value(s) appended since the start numbered again")]
    public static partial void BufferBehindServer(this Microsoft.Extensions.Logging.ILogger logger, string endpoint, long held, long skipped, long renumbered);

    [LoggerMessage(EventId = 31, EventName = "LinkBufferCannotWrite", Level = LogLevel.Error, Message = "Link buffer cannot write at {Path} ({Condition}, {FreeBytes} bytes free): values are counted as lost ('{Reason}') until a probe, every {ProbeMs} ms (setting 'probeIntervalMs'), finds space; {NotKept} value(s) appended since the last write lost; {Total} lost in all")]
    public static partial void BufferCannotWrite(this Microsoft.Extensions.Logging.ILogger logger, string path, string condition, long freeBytes, string reason, double probeMs, long notKept, long total);

    [LoggerMessage(EventId = 32, EventName = "LinkBufferWritesAgain", Level = LogLevel.Warning, Message = "Link buffer at {Path} writes again; {Lost} value(s) were lost while it could not; {Total} lost in all")]
    public static partial void BufferWritesAgain(this Microsoft.Extensions.Logging.ILogger logger, string path, long lost, long total);

    [LoggerMessage(EventId = 33, EventName = "LinkBufferWriteFailed", Level = LogLevel.Error, Message = "Link buffer write failed at {Path} ({Error}), and a probe of the disk succeeds: {NotKept} value(s) lost ('diskError'); {Total} lost in all")]
    public static partial void BufferWriteFailed(this Microsoft.Extensions.Logging.ILogger logger, string path, string error, long notKept, long total);

    [LoggerMessage(EventId = 30, EventName = "LinkValuesNotStored", Level = LogLevel.Warning, Message = "Link from {Node}/{Instance}: {Reason}")]
    public static partial void ValuesNotStored(this Microsoft.Extensions.Logging.ILogger logger, string node, string instance, string reason);
}
