using System.Buffers.Binary;
using N3Host.Contracts;
using TextEncoding = System.Text.Encoding;

namespace N3Host.Plugins.Historian.Encoding;

/// <summary>
/// The historian's binary encoding of a batch of values: the payload of its journal records and of its
/// store-and-forward buffer records. Version byte, count, then per value: path, flags (kind, quality),
/// UTC ticks, number, and the text for text values. Little-endian.
/// </summary>
internal static class ValueBatchCodec
{
    private const byte Version = 1;

    /// <summary>Encodes the values.</summary>
    public static byte[] Encode(IReadOnlyList<TagValue> values)
    {
        var size = 5;
        foreach (var v in values)
            size += 4 + TextEncoding.UTF8.GetByteCount(v.Path) + 1 + 8 + 8 + (v.Kind == TagValueKind.Text ? 4 + TextEncoding.UTF8.GetByteCount(v.Text ?? "") : 0);

        var buffer = new byte[size];
        var span = buffer.AsSpan();
        span[0] = Version;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], values.Count);
        var at = 5;
        foreach (var v in values)
        {
            at += WriteString(span[at..], v.Path);
            span[at++] = Flags(v.Kind, v.Quality);
            BinaryPrimitives.WriteInt64LittleEndian(span[at..], v.SourceTime.UtcTicks);
            at += 8;
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], v.Number);
            at += 8;
            if (v.Kind == TagValueKind.Text)
                at += WriteString(span[at..], v.Text ?? "");
        }

        return buffer;
    }

    /// <summary>Decodes values encoded by <see cref="Encode"/>; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static List<TagValue> Decode(ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.Length < 5 || data[0] != Version)
                throw new InvalidDataException($"not a historian batch (version {(data.Length > 0 ? data[0] : -1)}, {data.Length} bytes)");
            var count = BinaryPrimitives.ReadInt32LittleEndian(data[1..]);
            if (count < 0 || count > data.Length)
                throw new InvalidDataException($"historian batch claims {count} values in {data.Length} bytes");

            var values = new List<TagValue>(count);
            var at = 5;
            for (var i = 0; i < count; i++)
            {
                var path = ReadString(data, ref at);
                var (kind, quality) = FromFlags(data[at++]);
                var ticks = BinaryPrimitives.ReadInt64LittleEndian(data[at..]);
                at += 8;
                var number = BinaryPrimitives.ReadDoubleLittleEndian(data[at..]);
                at += 8;
                var text = kind == TagValueKind.Text ? ReadString(data, ref at) : null;
                values.Add(new TagValue(path, kind, number, text, quality, new DateTimeOffset(ticks, TimeSpan.Zero)));
            }

            if (at != data.Length)
                throw new InvalidDataException($"historian batch has {data.Length - at} bytes after its {count} values");
            return values;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new InvalidDataException("historian batch is truncated", e);
        }
    }

    /// <summary>Kind and quality in one byte, as the SQLite store keeps them.</summary>
    public static byte Flags(TagValueKind kind, TagQuality quality) => (byte)(((int)kind << 2) | (int)quality);

    /// <summary>The kind and quality packed by <see cref="Flags"/>.</summary>
    public static (TagValueKind Kind, TagQuality Quality) FromFlags(int flags)
    {
        var kind = (TagValueKind)(flags >> 2);
        var quality = (TagQuality)(flags & 3);
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(quality))
            throw new InvalidDataException($"historian value flags {flags} are not valid");
        return (kind, quality);
    }

    private static int WriteString(Span<byte> span, string value)
    {
        var length = TextEncoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, length);
        return 4 + length;
    }

    private static string ReadString(ReadOnlySpan<byte> data, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
        if (length < 0 || length > data.Length - at - 4)
            throw new InvalidDataException($"historian batch has a string of {length} bytes at offset {at}");
        var value = TextEncoding.UTF8.GetString(data.Slice(at + 4, length));
        at += 4 + length;
        return value;
    }
}
