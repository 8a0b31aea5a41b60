using System.Buffers;
using System.Buffers.Binary;

namespace N3Host.Plugins.Links;

/// <summary>Cuts frames out of a pipe's buffer; the length is checked against the maximum before anything is allocated.</summary>
internal static class FrameDecoder
{
    public const int HeaderBytes = 5;

    /// <summary>
    /// Takes one whole frame from the front of <paramref name="buffer"/>, or returns false if it is not all there yet.
    /// Throws <see cref="LinkProtocolException"/> for a length out of range or an unknown type.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out FrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < HeaderBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < 1 || length > (uint)maxFrameBytes)
        {
            throw new LinkProtocolException($"frame length {length} is outside 1..{maxFrameBytes}");
        }

        type = (FrameType)header[4];
        if (!Enum.IsDefined(type))
        {
            throw new LinkProtocolException($"unknown frame type {header[4]}");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderBytes, length - 1);
        buffer = buffer.Slice(4 + length);
        return true;
    }
}
