using N3Host.Contracts;
using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Links;

/// <summary>
/// Puts a link client's loss counts on the tag bus (<c>links/&lt;instance&gt;/overflowed</c> and <c>.../lost</c>) once a second when
/// they changed, and saves a count the disk could not take yet once it can.
/// </summary>
internal static class LinkCounterPublisher
{
    public static async Task RunAsync(IModuleContext context, LossCounter losses, Func<long> overflowedCount, CancellationToken cancellationToken)
    {
        var overflowedPath = $"links/{context.InstanceName}/overflowed";
        var lostPath = $"links/{context.InstanceName}/lost";
        long publishedOverflowed = 0;
        long publishedLost = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var overflowed = overflowedCount();
                if (overflowed != publishedOverflowed)
                {
                    await context.Tags.PublishAsync(TagValue.FromNumber(overflowedPath, overflowed, context.Time.GetUtcNow()), cancellationToken);
                    publishedOverflowed = overflowed;
                }

                var lost = losses.Total;
                if (lost != publishedLost)
                {
                    await context.Tags.PublishAsync(TagValue.FromNumber(lostPath, lost, context.Time.GetUtcNow()), cancellationToken);
                    publishedLost = lost;
                }

                // A count the disk could not take yet is saved once it can (at most one try a second).
                losses.TrySave(force: false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
