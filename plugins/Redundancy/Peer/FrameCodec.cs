using System.Buffers;
using System.Buffers.Binary;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>Frames: a 4-byte big-endian payload length, then the payload (a UTF-8 JSON message).</summary>
internal static class FrameCodec
{
    public const int HeaderSize = 4;

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>. The length is checked against
    /// <paramref name="maxFrameSize"/> before anything else is read or allocated.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length == 0 || length > (uint)maxFrameSize)
        {
            throw new PeerProtocolException($"frame of {length} bytes refused (allowed 1..{maxFrameSize} bytes)");
        }

        if (buffer.Length < HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Writes one frame.</summary>
    public static void Encode(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(HeaderSize + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)payload.Length);
        payload.CopyTo(span[HeaderSize..]);
        output.Advance(HeaderSize + payload.Length);
    }
}
