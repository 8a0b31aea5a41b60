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
    public void AStatusSection_IsAlignedFields_NestedNamesJoinedWithDots()
    {
        var section = JsonNode.Parse("""
            { "role": "active", "term": 4, "peer": { "connected": true, "node": "node-b" }, "sync": { "outbound": { "percent": 31.912345 } },
              "witness": null, "late": { "entries": [ { "journal": "ticks", "count": 3 } ] }, "tags": ["a", "b"], "empty": {} }
            """);
        var text = new ReadableValues(utc: true).Fields(section);
        var lines = text.TrimEnd('\n').Split('\n');

        Assert.Contains("  role                   active", lines);
        Assert.Contains("  peer.connected         yes", lines);
        Assert.Contains("  peer.node              node-b", lines);
        Assert.Contains("  sync.outbound.percent  31.912", lines);
        Assert.Contains("  witness                -", lines);
        Assert.Contains("  late.entries[1].count  3", lines);
        Assert.Contains("  tags                   a, b", lines);
        Assert.Contains("  empty                  -", lines);
        Assert.DoesNotContain(lines, l => l.Contains('{', StringComparison.Ordinal));
    }
}
