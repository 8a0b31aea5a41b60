using Microsoft.Extensions.Logging;

namespace N3Host.Hosting;

internal static partial class NodeLog
{
    [LoggerMessage(EventId = 1, EventName = "NodeStarting", Level = LogLevel.Information,
        Message = "n3host {Version} (contracts {Contracts}) starting node {Node}: config {Config}, data {Data}, plugins {Plugins}")]
    public static partial void Starting(ILogger logger, string version, string contracts, string node, string config, string data, string plugins);

    [LoggerMessage(EventId = 2, EventName = "CertificateCreated", Level = LogLevel.Information,
        Message = "Generated this node's certificate in {Folder} (SHA-256 {Fingerprint}); show it with: n3host cert show")]
    public static partial void CertificateCreated(ILogger logger, string folder, string fingerprint);

    [LoggerMessage(EventId = 3, EventName = "CertificateLoaded", Level = LogLevel.Information, Message = "Node certificate SHA-256 {Fingerprint}")]
    public static partial void CertificateLoaded(ILogger logger, string fingerprint);

    [LoggerMessage(EventId = 4, EventName = "NodeRunning", Level = LogLevel.Information,
        Message = "Node {Node} is running: {Active} of {Total} instances active, management API on {Url}")]
    public static partial void Running(ILogger logger, string node, int active, int total, string url);

    [LoggerMessage(EventId = 5, EventName = "NodeStopping", Level = LogLevel.Information, Message = "Node {Node} is stopping: stopping every instance in reverse order")]
    public static partial void Stopping(ILogger logger, string node);

    [LoggerMessage(EventId = 6, EventName = "NodeStopped", Level = LogLevel.Information, Message = "Node {Node} stopped")]
    public static partial void Stopped(ILogger logger, string node);
}
