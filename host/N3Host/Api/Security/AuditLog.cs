using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using N3Host.Configuration;

namespace N3Host.Api.Security;

/// <summary>One line of the audit log: who did what, when, from where, and how it ended.</summary>
internal sealed record AuditEntry(DateTimeOffset Time, string User, string Role, string Remote, string Action, int Status, string? Detail = null);

/// <summary>
/// <c>&lt;data&gt;/audit.log</c> (0600): one JSON line per state change, login and refusal. A line that cannot be written (a full or
/// read-only disk) is logged as an error and counted in the node's <c>api</c> status section, never silently dropped.
/// </summary>
internal sealed partial class AuditLog(string dataDirectory, ILogger logger)
{
    public const string FileName = "audit.log";

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private long _written;
    private long _lost;

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, FileName);

    public long Written => Interlocked.Read(ref _written);

    public long Lost => Interlocked.Read(ref _lost);

    public void Write(AuditEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, LineOptions) + "\n";
        Audited(logger, entry.User, entry.Action, entry.Status);
        try
        {
            lock (_gate)
            {
                var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(Path, options);
                stream.Write(Encoding.UTF8.GetBytes(line));
                stream.Flush(flushToDisk: true);
            }

            Interlocked.Increment(ref _written);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var lost = Interlocked.Increment(ref _lost);
            NotWritten(logger, Path, DiskFailure.Describe(Path, e), lost, entry.User, entry.Action, entry.Status);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "audit: {User} {Action} -> {Status}")]
    private static partial void Audited(ILogger logger, string user, string action, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "audit: cannot write {Path}: {Reason}; {Lost} audit lines lost so far (this one: {User} {Action} -> {Status})")]
    private static partial void NotWritten(ILogger logger, string path, string reason, long lost, string user, string action, int status);
}
