using N3Host.Contracts.Storage;
using N3Host.Plugins.Historian.Losses;

namespace N3Host.Plugins.Historian.Storage;

/// <summary>How the writer waits out a full or read-only disk, and where it counts what it loses.</summary>
/// <param name="MemoryLimitValues">The most values kept in memory while the disk takes nothing (<c>memoryLimitValues</c>).</param>
/// <param name="ProbeInterval">How often the disk is probed for space (<c>diskProbeIntervalMs</c>).</param>
/// <param name="ProbeDirectories">Folders besides the buffer's that must take a write before the writer resumes (the SQLite file's).</param>
/// <param name="Losses">The cumulative loss count.</param>
/// <param name="Report">Tells the host of the condition (its message) or of its end (null).</param>
internal sealed record WriterStorage(long MemoryLimitValues, TimeSpan ProbeInterval, IReadOnlyList<string> ProbeDirectories, LossCounter Losses, Action<string?> Report);
