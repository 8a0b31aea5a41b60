using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;
using N3Host.Plugins.Historian.MongoDb;
using Xunit;

namespace Historian.Tests.Encoding;

public sealed class ValueBatchCodecTests
{
    [Fact]
    public void EveryKindAndQuality_RoundTrips_ExactlyToTheTick()
    {
        var t = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567);
        TagValue[] values =
        [
            TagValue.FromNumber("a/b", -1.5e300, t),
            TagValue.FromNumber("a/nan", double.NaN, t, TagQuality.Bad),
            TagValue.FromBoolean("flag", true, t, TagQuality.Uncertain),
            TagValue.FromText("état/текст", "Grüße 🌡", t),
            TagValue.FromText("empty", "", t),
        ];
        var decoded = ValueBatchCodec.Decode(ValueBatchCodec.Encode(values));
        Assert.Equal(values.Length, decoded.Count);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i].Path, decoded[i].Path);
            Assert.Equal(values[i].Kind, decoded[i].Kind);
            Assert.Equal(values[i].Quality, decoded[i].Quality);
            Assert.Equal(values[i].Value, decoded[i].Value);
            Assert.Equal(values[i].SourceTime.UtcTicks, decoded[i].SourceTime.UtcTicks);
        }
    }

    [Fact]
    public void TruncatedOrForeignPayloads_AreRejected_NotMisread()
    {
        var encoded = ValueBatchCodec.Encode([TagValue.FromText("a", "hello", DateTimeOffset.UnixEpoch)]);
        for (var cut = 0; cut < encoded.Length; cut++)
            Assert.Throws<InvalidDataException>(() => ValueBatchCodec.Decode(encoded.AsSpan(0, cut)));
        Assert.Throws<InvalidDataException>(() => ValueBatchCodec.Decode([.. encoded, 0]));
        Assert.Throws<InvalidDataException>(() => ValueBatchCodec.Decode([2, .. encoded[1..]]));
    }

    [Fact]
    public void MongoIds_AreTheSameForTheSameTagAndTime_AndDifferOtherwise()
    {
        var id = MongoDocuments.Id("plant/tag1", 638_000_000_000_000_000);
        Assert.Equal(id, MongoDocuments.Id("plant/tag1", 638_000_000_000_000_000));
        Assert.NotEqual(id, MongoDocuments.Id("plant/tag1", 638_000_000_000_000_001));
        Assert.NotEqual(id, MongoDocuments.Id("plant/tag2", 638_000_000_000_000_000));
        Assert.Equal(16, id.Bytes.Length);
        var doc = MongoDocuments.ToDocument(TagValue.FromText("t", "x", new DateTimeOffset(638_000_000_000_000_123, TimeSpan.Zero), TagQuality.Uncertain));
        var back = MongoDocuments.FromDocument("t", doc);
        Assert.Equal("x", back.Value);
        Assert.Equal(638_000_000_000_000_123, back.SourceTime.UtcTicks);
        Assert.Equal(TagQuality.Uncertain, back.Quality);
    }
}
