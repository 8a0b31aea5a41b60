using System.Buffers;
using N3Host.Contracts;

namespace N3Host.Plugins.Links;

/// <summary>
/// One tag value on the wire and in the disk buffer:
/// <c>[path][u8 kind][u8 quality][f64 number][i64 UTC ticks][i16 offset minutes][text or -1]</c>.
/// </summary>
internal static class TagValueCodec
{
    public static void Encode(IBufferWriter<byte> writer, in TagValue value)
    {
        WireWriter.String(writer, value.Path);
        WireWriter.Byte(writer, (byte)value.Kind);
        WireWriter.Byte(writer, (byte)value.Quality);
        WireWriter.Double(writer, value.Number);
        WireWriter.Int64(writer, value.SourceTime.UtcTicks);
        WireWriter.Int16(writer, (short)value.SourceTime.Offset.TotalMinutes);
        WireWriter.NullableLongString(writer, value.Kind == TagValueKind.Text ? value.Text ?? string.Empty : null);
    }

    public static TagValue Decode(ReadOnlySequence<byte> bytes, string pathPrefix)
    {
        var reader = new WireReader(bytes);
        var path = reader.String();
        var kind = (TagValueKind)reader.Byte();
        var quality = (TagQuality)reader.Byte();
        var number = reader.Double();
        var ticks = reader.Int64();
        var offsetMinutes = reader.Int16();
        var text = reader.NullableLongString();
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(quality))
        {
            throw new LinkProtocolException($"tag '{path}' has an unknown kind {(int)kind} or quality {(int)quality}");
        }

        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || Math.Abs((int)offsetMinutes) > 14 * 60)
        {
            throw new LinkProtocolException($"tag '{path}' has an invalid source time");
        }

        DateTimeOffset time;
        try
        {
            time = new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new LinkProtocolException($"tag '{path}' has an invalid source time", ex);
        }

        var fullPath = pathPrefix.Length == 0 ? path : string.Concat(pathPrefix, "/", path);
        return new TagValue(fullPath, kind, number, text, quality, time);
    }
}
