using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace N3Host.Plugins.Links;

/// <summary>Writes the link's primitive fields, big-endian, strings as UTF-8 with a length.</summary>
internal static class WireWriter
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Byte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    public static void Int16(IBufferWriter<byte> writer, short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(writer.GetSpan(2), value);
        writer.Advance(2);
    }

    public static void Int32(IBufferWriter<byte> writer, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void Int64(IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void Double(IBufferWriter<byte> writer, double value) => Int64(writer, BitConverter.DoubleToInt64Bits(value));

    /// <summary>A string of at most 65535 UTF-8 bytes.</summary>
    public static void String(IBufferWriter<byte> writer, string value)
    {
        var count = Utf8.GetByteCount(value);
        if (count > ushort.MaxValue)
        {
            throw new ArgumentException($"'{value[..40]}...' is longer than {ushort.MaxValue} UTF-8 bytes", nameof(value));
        }

        Int16(writer, (short)(ushort)count);
        var span = writer.GetSpan(count);
        Utf8.GetBytes(value, span);
        writer.Advance(count);
    }

    public static void NullableLongString(IBufferWriter<byte> writer, string? value)
    {
        if (value is null)
        {
            Int32(writer, -1);
            return;
        }

        var count = Utf8.GetByteCount(value);
        Int32(writer, count);
        var span = writer.GetSpan(count);
        Utf8.GetBytes(value, span);
        writer.Advance(count);
    }
}
