using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Links;

/// <summary>
/// A link client's full or read-only disk as a state, not a fault: entered when a write fails or a probe finds the disk cannot
/// write, the instance reported degraded with the condition, values that arrive meanwhile counted as lost by reason (none held
/// in memory), and left once a probe finds the disk writable again.
/// </summary>
internal sealed class BufferDiskCondition(LinkClientOptions options, IModuleContext context, LossCounter losses, string bufferDirectory, ILogger logger)
{
    private volatile StorageCondition? _condition;
    private long _lostWhileCondition;

    /// <summary>The condition the disk is in, or null while it writes.</summary>
    public StorageCondition? Current => _condition;

    /// <summary>While the disk cannot write: reads what arrived and counts it as lost (nothing is held in memory).</summary>
    public void CountArrivingAsLost(ChannelReader<TagValue> reader)
    {
        var condition = _condition;
        long count = 0;
        while (count < 1 << 20 && reader.TryRead(out _))
        {
            count++;
        }

        if (count > 0)
        {
            losses.Add(ReasonOf(condition), count);
            Interlocked.Add(ref _lostWhileCondition, count);
        }
    }

    /// <summary>A write failed: a full or read-only disk becomes the condition; another error is counted and appending goes on.</summary>
    public void WriteFailed(BufferWriteException ex)
    {
        var condition = StorageProbe.Classify(ex, bufferDirectory) ?? StorageProbe.Check(bufferDirectory);
        if (condition is null)
        {
            var total = losses.Add(LossReason.DiskError, ex.NotKept);
            logger.BufferWriteFailed(bufferDirectory, ex.InnerException?.Message ?? ex.Message, ex.NotKept, total);
            return;
        }

        Enter(condition, ex.NotKept);
    }

    public void Enter(StorageCondition condition, long notKept)
    {
        var reason = ReasonOf(condition);
        var total = notKept > 0 ? losses.Add(reason, notKept) : losses.Total;
        var before = _condition;
        _condition = condition;
        if (before is null)
        {
            Interlocked.Exchange(ref _lostWhileCondition, notKept);
            logger.BufferCannotWrite(condition.Path, condition.Message, condition.FreeBytes, reason, options.ProbeInterval.TotalMilliseconds, notKept, total);
        }
        else
        {
            Interlocked.Add(ref _lostWhileCondition, notKept);
        }

        if (before?.Message != condition.Message)
        {
            context.ReportDegraded(condition.Message);
        }
    }

    /// <summary>The disk writes again (and the buffer is open): the condition is over.</summary>
    public void Leave()
    {
        _condition = null;
        var lost = Interlocked.Exchange(ref _lostWhileCondition, 0);
        losses.TrySave(force: true);
        logger.BufferWritesAgain(bufferDirectory, lost, losses.Total);
        context.ReportDegraded(null);
    }

    private static string ReasonOf(StorageCondition? condition) =>
        condition?.Kind == StorageConditionKind.ReadOnly ? LossReason.ReadOnly : LossReason.DiskFull;
}
