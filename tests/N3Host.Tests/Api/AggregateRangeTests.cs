using N3Host.Api;
using Xunit;

namespace N3Host.Tests.Api;

public sealed class AggregateRangeTests
{
    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-01T10:03:27.250Z", "2026-03-01T10:05:10Z", "1m", "2026-03-01T10:03:00Z", "2026-03-01T10:06:00Z")]
    [InlineData("2026-03-01T10:03:00Z", "2026-03-01T10:05:00Z", "1m", "2026-03-01T10:03:00Z", "2026-03-01T10:05:00Z")]
    [InlineData("2026-03-01T10:03:27Z", "2026-03-01T10:03:28Z", "10s", "2026-03-01T10:03:20Z", "2026-03-01T10:03:30Z")]
    [InlineData("2026-03-01T10:59:59Z", "2026-03-01T11:00:01Z", "1h", "2026-03-01T10:00:00Z", "2026-03-01T12:00:00Z")]
    [InlineData("2026-03-01T10:03:27Z", "2026-03-02T01:00:00Z", "1d", "2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z")]
    [InlineData("2026-03-01T10:03:27+02:00", "2026-03-01T10:30:00+02:00", "15m", "2026-03-01T08:00:00Z", "2026-03-01T08:30:00Z")]
    public void TheRange_IsWidenedToWholeIntervals_FromMidnightUtc(string from, string to, string interval, string start, string end)
    {
        Assert.True(QueryParser.TryParseDuration(interval, out var step));

        var (alignedFrom, alignedTo) = AggregateRange.Align(At(from), At(to), step);

        Assert.Equal(At(start), alignedFrom);
        Assert.Equal(At(end), alignedTo);
        Assert.Equal(TimeSpan.Zero, alignedFrom.Offset);
    }
}
