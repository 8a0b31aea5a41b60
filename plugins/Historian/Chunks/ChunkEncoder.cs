using System.Numerics;
using TextEncoding = System.Text.Encoding;

namespace N3Host.Plugins.Historian.Chunks;

/// <summary>
/// Packs one tag's values into a chunk, each against the one before it: per value a control byte says what changed,
/// then only that follows. The time as a delta of deltas (a regular sample costs nothing), the record sequence as a
/// delta (1 costs nothing), the place in the record when it moved, kind and quality when they changed, the number as
/// a step from the previous one when it has at most six decimals (a reading in 0.01 steps: one byte), else the changed
/// bytes of its XOR with the previous number (Gorilla's idea, byte-aligned); an unchanged number costs nothing; the text
/// when it changed. A slowly changing analog sampled regularly takes about 2 bytes a value.
/// Read back by <see cref="ChunkDecoder"/>.
/// </summary>
internal sealed class ChunkEncoder
{
    /// <summary>Control bits: which fields follow the control byte.</summary>
    internal const byte TimeBit = 1, SequenceBit = 2, PositionBit = 4, FlagsBit = 8, NumberBit = 16, TextBit = 32, DecimalBit = 64, ScaleBit = 128;

    /// <summary>The largest decimal scale tried: numbers with up to this many decimals are packed as a step from the previous.</summary>
    internal const int MaxScale = 6;

    private static readonly double[] Powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    private int _scale;

    private byte[] _buffer = new byte[64];
    private int _length;
    private long _time;
    private long _delta;
    private long _sequence;
    private int _position;
    private byte _flags;
    private ulong _bits;
    private string? _text;

    /// <summary>How many values.</summary>
    public int Count { get; private set; }

    /// <summary>The earliest source time (UTC ticks); values need not come in time order.</summary>
    public long FirstTicks { get; private set; } = long.MaxValue;

    /// <summary>The latest source time (UTC ticks).</summary>
    public long LastTicks { get; private set; } = long.MinValue;

    /// <summary>The first value's record sequence.</summary>
    public long FirstSequence { get; private set; }

    /// <summary>The last value's record sequence.</summary>
    public long LastSequence => _sequence;

    /// <summary>The encoded bytes so far.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(0, _length);

    /// <summary>Appends a value.</summary>
    public void Append(in ChunkValue value)
    {
        Ensure(1 + 10 + 10 + 5 + 1 + 9 + 5 + (value.Text is null ? 0 : TextEncoding.UTF8.GetMaxByteCount(value.Text.Length)));
        var control = _length++;
        byte bits = 0;
        if (Count == 0)
            FirstSequence = value.Sequence;

        var delta = value.Ticks - _time;
        if (delta - _delta != 0)
        {
            bits |= TimeBit;
            WriteSigned(delta - _delta);
        }

        if (value.Sequence - _sequence != 1)
        {
            bits |= SequenceBit;
            WriteSigned(value.Sequence - _sequence);
        }

        if (value.Position != _position)
        {
            bits |= PositionBit;
            WriteUnsigned((ulong)(uint)value.Position);
        }

        if (value.Flags != _flags)
        {
            bits |= FlagsBit;
            _buffer[_length++] = value.Flags;
        }

        var number = (ulong)BitConverter.DoubleToInt64Bits(value.Number);
        var xor = number ^ _bits;
        if (xor != 0 && DecimalStep(value.Number, out var scale, out var step))
        {
            // A number with few decimals (a reading in 0.01 steps): the step from the previous one in units of the last decimal.
            bits |= DecimalBit;
            if (scale != _scale)
            {
                bits |= ScaleBit;
                _buffer[_length++] = (byte)scale;
                _scale = scale;
            }

            WriteSigned(step);
        }
        else if (xor != 0)
        {
            bits |= NumberBit;
            var lead = BitOperations.LeadingZeroCount(xor) / 8;
            var trail = BitOperations.TrailingZeroCount(xor) / 8;
            _buffer[_length++] = (byte)((lead << 4) | trail);
            var middle = xor >> (trail * 8);
            for (var i = 0; i < 8 - lead - trail; i++)
            {
                _buffer[_length++] = (byte)middle;
                middle >>= 8;
            }
        }

        if (!string.Equals(value.Text, _text, StringComparison.Ordinal))
        {
            bits |= TextBit;
            if (value.Text is null)
            {
                WriteUnsigned(0);
            }
            else
            {
                var bytes = TextEncoding.UTF8.GetByteCount(value.Text);
                WriteUnsigned((ulong)bytes + 1);
                _length += TextEncoding.UTF8.GetBytes(value.Text, _buffer.AsSpan(_length));
            }
        }

        _buffer[control] = bits;
        _time = value.Ticks;
        _delta = delta;
        _sequence = value.Sequence;
        _position = value.Position;
        _flags = value.Flags;
        _bits = number;
        _text = value.Text;
        Count++;
        FirstTicks = Math.Min(FirstTicks, value.Ticks);
        LastTicks = Math.Max(LastTicks, value.Ticks);
    }

    /// <summary>
    /// True if <paramref name="number"/> is a whole count of 10^-scale (scale up to <see cref="MaxScale"/>, the current
    /// scale tried first) that <see cref="FromStep"/> gives back bit for bit from the previous number.
    /// </summary>
    private bool DecimalStep(double number, out int scale, out long step)
    {
        var previous = BitConverter.Int64BitsToDouble((long)_bits);
        for (var i = -1; i <= MaxScale; i++)
        {
            scale = i < 0 ? _scale : i;
            if (i == _scale)
                continue;
            var units = Math.Round(number * Powers[scale]);
            var from = Math.Round(previous * Powers[scale]);
            if (Math.Abs(units) > 1e15 || Math.Abs(from) > 1e15 || double.IsNaN(from))
                continue;
            step = (long)units - (long)from;
            if (BitConverter.DoubleToInt64Bits(FromStep(previous, scale, step)) == BitConverter.DoubleToInt64Bits(number))
                return true;
        }

        (scale, step) = (0, 0);
        return false;
    }

    /// <summary>The number a decimal step packs: the previous number in units of 10^-scale, plus the step, over 10^scale.</summary>
    internal static double FromStep(double previous, int scale, long step) =>
        ((long)Math.Round(previous * Powers[scale]) + step) / Powers[scale];

    /// <summary>A copy of the encoded bytes.</summary>
    public byte[] ToArray() => Data.ToArray();

    private void WriteSigned(long value) => WriteUnsigned((ulong)((value << 1) ^ (value >> 63)));

    private void WriteUnsigned(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer[_length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
            return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
