using System.Buffers.Binary;

namespace N3Host.Plugins.Links;

/// <summary>A record's header, the same in the disk buffer and in a values frame: <c>[i64 sequence][i32 value length]</c>.</summary>
internal static class BufferRecord
{
    public const int HeaderBytes = 12;

    public static void WriteHeader(Span<byte> destination, long sequence, int valueLength)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, sequence);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], valueLength);
    }

    public static (long Sequence, int ValueLength) ReadHeader(ReadOnlySpan<byte> source) =>
        (BinaryPrimitives.ReadInt64BigEndian(source), BinaryPrimitives.ReadInt32BigEndian(source[8..]));
}
