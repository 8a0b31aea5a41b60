using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace N3Host.Transport.Framing;

/// <summary>
/// The one frame format of every node-to-node connection: <c>[u32 length][u8 type][payload]</c>, big-endian, the length
/// counting the type byte and the payload. Each protocol names its types with a byte enum. A length is checked against
/// the maximum from the header alone, before anything is allocated for the frame.
/// </summary>
public static class Frames
{
    /// <summary>The length (4 bytes) and the type (1 byte).</summary>
    public const int HeaderBytes = 5;

    /// <summary>
    /// Takes one whole frame off the front of <paramref name="buffer"/>, or returns false (leaving it as it was) when the frame
    /// is not all there yet. Any type byte is accepted. Throws <see cref="FrameProtocolException"/> for a length outside
    /// <c>1..<paramref name="maxFrameBytes"/></c>.
    /// </summary>
    public static bool TryDecode(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out byte type, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (!TryReadHeader(buffer, maxFrameBytes, out var length, out type))
        {
            return false;
        }

        return TryCut(ref buffer, length, out payload);
    }

    /// <summary>
    /// As <see cref="TryDecode(ref ReadOnlySequence{byte}, int, out byte, out ReadOnlySequence{byte})"/>, and a type that is not
    /// a value of <typeparamref name="TType"/> (a byte enum) is refused with <see cref="FrameProtocolException"/> as soon as the
    /// header is there.
    /// </summary>
    public static bool TryDecode<TType>(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out TType type, out ReadOnlySequence<byte> payload)
        where TType : unmanaged, Enum
    {
        RequireByteEnum<TType>();
        type = default;
        payload = default;
        if (!TryReadHeader(buffer, maxFrameBytes, out var length, out var raw))
        {
            return false;
        }

        var value = Unsafe.As<byte, TType>(ref raw);
        if (!Enum.IsDefined(value))
        {
            throw new FrameProtocolException($"unknown frame type {raw}");
        }

        if (!TryCut(ref buffer, length, out payload))
        {
            return false;
        }

        type = value;
        return true;
    }

    /// <summary>The header, once its 5 bytes are there; the length is checked before anything else.</summary>
    private static bool TryReadHeader(ReadOnlySequence<byte> buffer, int maxFrameBytes, out uint length, out byte type)
    {
        length = 0;
        type = 0;
        if (buffer.Length < HeaderBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderBytes];
        buffer.Slice(0, HeaderBytes).CopyTo(header);
        length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length < 1 || length > (uint)maxFrameBytes)
        {
            throw new FrameProtocolException($"frame length {length} is outside 1..{maxFrameBytes}");
        }

        type = header[4];
        return true;
    }

    private static bool TryCut(ref ReadOnlySequence<byte> buffer, uint length, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (buffer.Length < 4 + (long)length)
        {
            return false;
        }

        payload = buffer.Slice(HeaderBytes, length - 1);
        buffer = buffer.Slice(4 + (long)length);
        return true;
    }

    /// <summary>Writes one frame; the caller flushes.</summary>
    public static void Write(IBufferWriter<byte> output, byte type, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var header = output.GetSpan(HeaderBytes);
        BinaryPrimitives.WriteUInt32BigEndian(header, checked((uint)(payload.Length + 1)));
        header[4] = type;
        output.Advance(HeaderBytes);
        if (!payload.IsEmpty)
        {
            output.Write(payload);
        }
    }

    /// <inheritdoc cref="Write(IBufferWriter{byte}, byte, ReadOnlySpan{byte})"/>
    public static void Write<TType>(IBufferWriter<byte> output, TType type, ReadOnlySpan<byte> payload)
        where TType : unmanaged, Enum
    {
        RequireByteEnum<TType>();
        Write(output, Unsafe.As<TType, byte>(ref type), payload);
    }

    /// <summary>Writes a frame whose payload is one big-endian 64-bit integer.</summary>
    public static void WriteInt64<TType>(IBufferWriter<byte> output, TType type, long value)
        where TType : unmanaged, Enum
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, value);
        Write(output, type, payload);
    }

    /// <summary>
    /// Reads one frame and copies its payload out (for a handshake; afterwards a session decodes frames in place). Throws
    /// <see cref="IOException"/> when the other side closes first.
    /// </summary>
    public static async ValueTask<(TType Type, byte[] Payload)> ReadOneAsync<TType>(PipeReader reader, int maxFrameBytes, CancellationToken cancellationToken)
        where TType : unmanaged, Enum
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool decoded;
            TType type;
            byte[] bytes = [];
            try
            {
                decoded = TryDecode(ref buffer, maxFrameBytes, out type, out var payload);
                if (decoded)
                {
                    bytes = payload.ToArray();
                }
            }
            catch (FrameProtocolException e)
            {
                await reader.CompleteAsync(e).ConfigureAwait(false);
                throw;
            }

            if (decoded)
            {
                reader.AdvanceTo(buffer.Start);
                return (type, bytes);
            }

            if (result.IsCompleted)
            {
                throw new IOException(buffer.IsEmpty ? "the peer closed the connection" : "the peer closed the connection in the middle of a frame");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static void RequireByteEnum<TType>()
        where TType : unmanaged, Enum
    {
        if (Unsafe.SizeOf<TType>() != 1)
        {
            throw new ArgumentException($"{typeof(TType).Name} is not a byte enum; a frame type is one byte", nameof(TType));
        }
    }
}
