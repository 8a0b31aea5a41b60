using System.Text.Json.Nodes;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>How a <see cref="SyncPair"/> is configured.</summary>
internal sealed record SyncPairOptions(string PrimaryPlugins, string BackupPlugins)
{
    /// <summary>
    /// 3 s: these tests are about what the sync holds across kills, not how fast a kill is noticed (the fault tests own that, at 1 s). At 1 s a
    /// load spike that held the primary's heartbeat back for a second made the backup take over in the middle of a sync (seen once with four
    /// builds beside the test run), which is what that timeout means, and the test then waited for records the backup was still adding.
    /// </summary>
    public int ConnectionTimeoutMs { get; init; } = 3_000;

    public int InitialStandbyMs { get; init; } = 5_000;

    public string? Broker { get; init; }

    public int PeriodMs { get; init; } = 50;

    public int RecordsPerTick { get; init; } = 1;

    public int PayloadBytes { get; init; }

    /// <summary>The journal plugin's <c>maxRecords</c> on both nodes (0: no limit).</summary>
    public int MaxRecords { get; init; }

    /// <summary>node-b's redundancy mode at first (<c>backup</c>; <c>standalone</c> to reconfigure it later with <see cref="SyncPair.ReconfigureBackup"/>).</summary>
    public string BackupMode { get; init; } = "backup";

    /// <summary>The redundancy instances' <c>sync</c> settings (null: the defaults).</summary>
    public JsonObject? Sync { get; init; }
}
