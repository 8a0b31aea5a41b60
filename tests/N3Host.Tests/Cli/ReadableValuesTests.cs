using System.Text.Json.Nodes;
using N3Host.Cli;
using Xunit;

namespace N3Host.Tests.Cli;

public sealed class ReadableValuesTests
{
    [Theory]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(21.497512437810947, "21.498")]
    [InlineData(249137.88461538462, "249137.9")]
    [InlineData(0.0012345678, "0.00123")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.0, "0")]
    public void Numbers_AreRoundedForPeople(double value, string shown) => Assert.Equal(shown, ReadableValues.Number(value));

    [Fact]
    public void Times_InUtc_ToTheMillisecond_WithoutEscapes()
    {
        var show = new ReadableValues(utc: true);
        Assert.Equal("2026-12-07 16:17:43.551", show.Value(JsonValue.Create("2026-12-07T17:17:43.5512582+01:00")));
        Assert.Equal("UTC", show.Zone);
    }

    [Fact]
    public void LocalTimes_SayTheirOffset_AndShowTheSameInstant()
    {
        var show = new ReadableValues(utc: false);
        Assert.Matches(@"^local, UTC[+-]\d\d:\d\d$", show.Zone);
        var instant = DateTimeOffset.Parse("2026-12-07T03:00:00.123Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(instant.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), show.Value(JsonValue.Create("2026-12-07T03:00:00.123Z")));
    }

    [Fact]
    public void AStatusSection_IsAlignedFields_NestedNamesJoinedWithDots()
    {
        var section = JsonNode.Parse("""
            { "role": "active", "term": 4, "peer": { "connected": true, "node": "node-b" }, "sync": { "outbound": { "percent": 31.912345 } },
              "witness": null, "late": { "entries": [ { "journal": "ticks", "count": 3 } ] }, "tags": ["a", "b"], "empty": {} }
            """);
        var text = new ReadableValues(utc: true).Fields(section);
        var lines = text.TrimEnd('\n').Split('\n');
        var matches = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, "^  (\\S+) +(.*)$")).ToList();
        var fields = matches.ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal("active", fields["role"]);
        Assert.Equal("yes", fields["peer.connected"]);
        Assert.Equal("node-b", fields["peer.node"]);
        Assert.Equal("31.912", fields["sync.outbound.percent"]);
        Assert.Equal("-", fields["witness"]);
        Assert.Equal("3", fields["late.entries[1].count"]);
        Assert.Equal("a, b", fields["tags"]);
        Assert.Equal("-", fields["empty"]);
        Assert.Single(matches.Select(m => m.Groups[2].Index).Distinct()); // one column for every value
        Assert.DoesNotContain(lines, l => l.Contains('{', StringComparison.Ordinal));
    }
}
