using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>The last configuration this node took from the peer.</summary>
/// <param name="At">When it was applied.</param>
/// <param name="From">The peer node.</param>
/// <param name="Revision">The revision taken.</param>
/// <param name="Added">Instances started because they are new.</param>
/// <param name="Restarted">Instances restarted with changed settings.</param>
/// <param name="Removed">Instances stopped because they were removed.</param>
internal sealed record ConfigSyncApplied(
    DateTimeOffset At, string From, ConfigurationRevision Revision, IReadOnlyList<string> Added, IReadOnlyList<string> Restarted, IReadOnlyList<string> Removed);
