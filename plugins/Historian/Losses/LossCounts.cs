using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Historian.Losses;

/// <summary>Values that never reached the store, by reason, counted since the instance's data folder was created.</summary>
/// <param name="BufferFull">The store failed and the disk buffer was full.</param>
/// <param name="DiskFull">The disk was full and memory was full too.</param>
/// <param name="ReadOnly">The data folder was read-only and memory was full too.</param>
/// <param name="Restarting">The historian stopped or restarted while values waited in memory.</param>
/// <param name="DiskError">Another disk error while the store failed too.</param>
public sealed record LossCounts(long BufferFull, long DiskFull, long ReadOnly, long Restarting, long DiskError)
{
    /// <summary>Every value lost, whatever the reason.</summary>
    public long Total => BufferFull + DiskFull + ReadOnly + Restarting + DiskError;

    /// <summary>The historian's reasons, read from its counter.</summary>
    internal static LossCounts Of(LossCounter counter) => new(
        counter.Of(LossReason.BufferFull), counter.Of(LossReason.DiskFull), counter.Of(LossReason.ReadOnly),
        counter.Of(LossReason.Restarting), counter.Of(LossReason.DiskError));
}
