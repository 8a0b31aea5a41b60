using System.Buffers;
using System.Text;

namespace N3Host.Plugins.Links;

/// <summary>Reads the link's primitive fields, failing with <see cref="LinkProtocolException"/> on short or malformed input.</summary>
internal ref struct WireReader(ReadOnlySequence<byte> payload)
{
    private SequenceReader<byte> _reader = new(payload);

    public readonly bool End => _reader.End;

    public readonly long Remaining => _reader.Remaining;

    public byte Byte() => _reader.TryRead(out var value) ? value : throw Short("byte");

    public short Int16() => _reader.TryReadBigEndian(out short value) ? value : throw Short("int16");

    public int Int32() => _reader.TryReadBigEndian(out int value) ? value : throw Short("int32");

    public long Int64() => _reader.TryReadBigEndian(out long value) ? value : throw Short("int64");

    public double Double() => BitConverter.Int64BitsToDouble(Int64());

    public ReadOnlySequence<byte> Bytes(long count)
    {
        if (count < 0 || _reader.Remaining < count)
        {
            throw Short($"{count} bytes");
        }

        var slice = _reader.UnreadSequence.Slice(0, count);
        _reader.Advance(count);
        return slice;
    }

    public string String()
    {
        var length = (ushort)Int16();
        var bytes = Bytes(length);
        try
        {
            return WireWriter.Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new LinkProtocolException("a text field is not valid UTF-8", ex);
        }
    }

    public string? NullableLongString()
    {
        var length = Int32();
        if (length == -1)
        {
            return null;
        }

        var bytes = Bytes(length);
        try
        {
            return WireWriter.Utf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new LinkProtocolException("a text field is not valid UTF-8", ex);
        }
    }

    private static LinkProtocolException Short(string what) => new($"frame ends early (expected {what})");
}
