using N3Host.Contracts;
using N3Host.Plugins.Historian.Chunks;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>Stored values as tag values.</summary>
internal static class SqliteValues
{
    /// <summary>
    /// A chunk's value as a tag value. A query shows a NaN as 0, as the store always has; the journal keeps it
    /// (<paramref name="keepNaN"/>), so a rebuilt record is the record that was written.
    /// </summary>
    public static TagValue ToTagValue(string path, in ChunkValue value, bool keepNaN = false)
    {
        var (kind, quality) = ValueBatchCodec.FromFlags(value.Flags);
        var number = !keepNaN && double.IsNaN(value.Number) ? 0d : value.Number;
        return new TagValue(path, kind, number, kind == TagValueKind.Text ? value.Text ?? "" : null, quality, new DateTimeOffset(value.Ticks, TimeSpan.Zero));
    }
}
