namespace N3Host.Api;

/// <summary>
/// Widens an aggregate query's range to whole intervals counted from 1970-01-01T00:00:00Z, so that intervals start at
/// round times: a 1-minute interval at :00 seconds, an hour on the hour, a day at midnight UTC.
/// </summary>
internal static class AggregateRange
{
    /// <summary><paramref name="from"/> rounded down and <paramref name="to"/> rounded up to multiples of <paramref name="interval"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Align(DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        var step = interval.Ticks;
        var start = Floor(from.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, step);
        var end = Floor(to.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, step);
        if (end < to.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks)
        {
            end += step;
        }

        return (Clamp(start), Clamp(end));
    }

    private static long Floor(long ticks, long step) => ticks - (((ticks % step) + step) % step);

    private static DateTimeOffset Clamp(long ticksSinceEpoch) =>
        new(Math.Clamp(ticksSinceEpoch + DateTimeOffset.UnixEpoch.UtcTicks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
}
