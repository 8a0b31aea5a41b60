namespace N3Host.Modules.Tests.Hosting;

/// <summary>
/// A module's clock over a fake one that counts the timers the module creates (every <c>Task.Delay</c> on it), so a
/// test can move fake time only once the module waits: an advance made before its delay is created would be lost.
/// </summary>
internal sealed class TimerCountingClock(TimeProvider inner) : TimeProvider
{
    private int _timers;

    /// <summary>How many timers the module created so far.</summary>
    public int TimersCreated => Volatile.Read(ref _timers);

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = inner.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
