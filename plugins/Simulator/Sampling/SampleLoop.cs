using N3Host.Contracts;
using N3Host.Plugins.Simulator.Generators;

namespace N3Host.Plugins.Simulator.Sampling;

/// <summary>
/// Samples every tag once per period, at the period boundaries of <see cref="IModuleContext.Time"/>
/// (tick k = Unix time in ms / periodMs; its values carry the boundary k * periodMs as source time),
/// and publishes them on the tag bus in batches. When it runs late it samples the latest boundary and counts the skipped ones:
/// each such burst (the boundaries skipped at once) is counted, kept as the last burst, and logged with its size.
/// </summary>
internal sealed class SampleLoop(IModuleContext context, int periodMs, SimulatedTag[] tags)
{
    /// <summary>Values per <see cref="ITagBus.PublishAsync(IReadOnlyList{TagValue}, CancellationToken)"/> call.</summary>
    public const int BatchSize = 10_000;

    private readonly TagValue[] _batch = new TagValue[Math.Clamp(tags.Length, 1, BatchSize)];
    private long _samples;
    private long _values;
    private long _skippedPeriods;
    private long _bursts;
    private SkipBurst? _lastBurst;

    /// <summary>Samples taken (one per period).</summary>
    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Values published.</summary>
    public long Values => Interlocked.Read(ref _values);

    /// <summary>Period boundaries skipped because the loop ran late.</summary>
    public long SkippedPeriods => Interlocked.Read(ref _skippedPeriods);

    /// <summary>Times the loop ran late and skipped boundaries (each time one burst).</summary>
    public long SkipBursts => Interlocked.Read(ref _bursts);

    /// <summary>The last burst of skipped boundaries, or null if none.</summary>
    public SkipBurst? LastBurst => Volatile.Read(ref _lastBurst);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; any other error goes to <see cref="IModuleContext.ReportFault"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lastTick = long.MinValue;
            while (!cancellationToken.IsCancellationRequested)
            {
                var nowMs = context.Time.GetUtcNow().ToUnixTimeMilliseconds();
                var tick = nowMs / periodMs;
                if (tick <= lastTick)
                {
                    var dueMs = ((lastTick + 1) * periodMs) - nowMs;
                    await Task.Delay(TimeSpan.FromMilliseconds(dueMs), context.Time, cancellationToken);
                    continue;
                }

                if (lastTick != long.MinValue && tick > lastTick + 1)
                {
                    NoteBehind(tick - lastTick - 1);
                }

                await PublishAsync(tick, cancellationToken);
                lastTick = tick;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
#pragma warning disable CA1031 // The loop's failure is the module's fault: it goes to the host, whatever it is.
        catch (Exception error)
#pragma warning restore CA1031
        {
            Log.LoopFailed(context.Logger, context.InstanceName, error);
            context.ReportFault(error);
        }
    }

    private async Task PublishAsync(long tick, CancellationToken cancellationToken)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(tick * periodMs);
        for (var start = 0; start < tags.Length; start += _batch.Length)
        {
            var count = Math.Min(_batch.Length, tags.Length - start);
            for (var i = 0; i < count; i++)
            {
                _batch[i] = tags[start + i].Sample(tick, time);
            }

            await context.Tags.PublishAsync(new ArraySegment<TagValue>(_batch, 0, count), cancellationToken);
            Interlocked.Add(ref _values, count);
        }

        Interlocked.Increment(ref _samples);
    }

    private void NoteBehind(long skipped)
    {
        var total = Interlocked.Add(ref _skippedPeriods, skipped);
        Interlocked.Increment(ref _bursts);
        Volatile.Write(ref _lastBurst, new SkipBurst(skipped, context.Time.GetUtcNow()));
        Log.FellBehind(context.Logger, context.InstanceName, skipped, total, periodMs, tags.Length);
    }
}
