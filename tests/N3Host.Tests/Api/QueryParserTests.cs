using N3Host.Api;
using Xunit;

namespace N3Host.Tests.Api;

public sealed class QueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("10s", 10)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("1d", 86400)]
    [InlineData("00:01:30", 90)]
    public void Durations(string text, double seconds)
    {
        Assert.True(QueryParser.TryParseDuration(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds);
    }

    [Theory]
    [InlineData("often")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("")]
    public void BadDurations_AreRefused(string text) => Assert.False(QueryParser.TryParseDuration(text, out _));

    [Theory]
    [InlineData("now", "2026-03-01T12:00:00Z")]
    [InlineData("-15m", "2026-03-01T11:45:00Z")]
    [InlineData("-1d", "2026-02-28T12:00:00Z")]
    [InlineData("2026-01-31T08:00:00Z", "2026-01-31T08:00:00Z")]
    [InlineData("2026-01-31T08:00:00+02:00", "2026-01-31T06:00:00Z")]
    [InlineData("2026-01-31 08:00", "2026-01-31T08:00:00Z")]
    public void Times_AbsoluteOrRelativeToNow(string text, string expected)
    {
        Assert.True(QueryParser.TryParseTime(text, Now, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-soon")]
    public void BadTimes_AreRefused(string text) => Assert.False(QueryParser.TryParseTime(text, Now, out _));
}
