using System.Text.Json.Nodes;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>How a <see cref="SyncPair"/> is configured.</summary>
internal sealed record SyncPairOptions(string PrimaryPlugins, string BackupPlugins)
{
    public int ConnectionTimeoutMs { get; init; } = 1_000;

    public int InitialStandbyMs { get; init; } = 5_000;

    public string? Broker { get; init; }

    public int PeriodMs { get; init; } = 50;

    public int RecordsPerTick { get; init; } = 1;

    public int PayloadBytes { get; init; }

    /// <summary>The redundancy instances' <c>sync</c> settings (null: the defaults).</summary>
    public JsonObject? Sync { get; init; }
}
