using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace N3Host.Plugins.Links;

/// <summary>Writes frames into a pipe; the caller flushes.</summary>
internal static class FrameWriter
{
    public static void Write(PipeWriter writer, FrameType type, ReadOnlySpan<byte> payload)
    {
        var header = writer.GetSpan(FrameDecoder.HeaderBytes);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(payload.Length + 1));
        header[4] = (byte)type;
        writer.Advance(FrameDecoder.HeaderBytes);
        if (!payload.IsEmpty)
        {
            writer.Write(payload);
        }
    }

    public static void WriteLong(PipeWriter writer, FrameType type, long value)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, value);
        Write(writer, type, payload);
    }
}
