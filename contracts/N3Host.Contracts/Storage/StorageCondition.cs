using System.Globalization;

namespace N3Host.Contracts.Storage;

/// <summary>
/// A disk that cannot take writes now: full or read-only. A state a module waits out (it reports itself
/// <see cref="ModuleState.Degraded"/> with <see cref="Message"/>), not a fault. Added in contracts 1.4.
/// </summary>
/// <param name="Kind">Full or read-only.</param>
/// <param name="Path">The folder (or file) that could not be written.</param>
/// <param name="FreeBytes">The free bytes on its disk when it was last probed (-1 if unknown).</param>
public sealed record StorageCondition(StorageConditionKind Kind, string Path, long FreeBytes)
{
    /// <summary>For status and logs: <c>disk full at PATH (N bytes free)</c> or <c>read-only at PATH</c>.</summary>
    public string Message => Kind == StorageConditionKind.DiskFull
        ? $"disk full at {Path} ({(FreeBytes < 0 ? "unknown" : FreeBytes.ToString(CultureInfo.InvariantCulture))} bytes free)"
        : $"read-only at {Path}";
}
