using TextEncoding = System.Text.Encoding;

namespace N3Host.Plugins.Historian.Chunks;

/// <summary>Reads the values <see cref="ChunkEncoder"/> packed; throws <see cref="InvalidDataException"/> on anything else.</summary>
internal static class ChunkDecoder
{
    /// <summary>Appends a chunk's values, in the order they were packed, to <paramref name="into"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int count, List<ChunkValue> into)
    {
        long time = 0, delta = 0, sequence = 0;
        var position = 0;
        var scale = 0;
        byte flags = 0;
        ulong bits = 0;
        string? text = null;
        var at = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var control = data[at++];
                if (((control & ChunkEncoder.NumberBit) != 0 && (control & ChunkEncoder.DecimalBit) != 0)
                    || ((control & ChunkEncoder.ScaleBit) != 0 && (control & ChunkEncoder.DecimalBit) == 0))
                    throw new InvalidDataException($"chunk value {i} has control byte {control}");
                if ((control & ChunkEncoder.TimeBit) != 0)
                    delta += ReadSigned(data, ref at);
                time += delta;
                sequence += (control & ChunkEncoder.SequenceBit) != 0 ? ReadSigned(data, ref at) : 1;
                if ((control & ChunkEncoder.PositionBit) != 0)
                    position = checked((int)ReadUnsigned(data, ref at));
                if ((control & ChunkEncoder.FlagsBit) != 0)
                    flags = data[at++];
                if ((control & ChunkEncoder.DecimalBit) != 0)
                {
                    if ((control & ChunkEncoder.ScaleBit) != 0)
                    {
                        scale = data[at++];
                        if (scale > ChunkEncoder.MaxScale)
                            throw new InvalidDataException($"chunk value {i} has decimal scale {scale}");
                    }

                    var step = ReadSigned(data, ref at);
                    bits = (ulong)BitConverter.DoubleToInt64Bits(ChunkEncoder.FromStep(BitConverter.Int64BitsToDouble((long)bits), scale, step));
                }
                else if ((control & ChunkEncoder.NumberBit) != 0)
                {
                    var header = data[at++];
                    int lead = header >> 4, trail = header & 15;
                    if (lead + trail > 8)
                        throw new InvalidDataException($"chunk value {i} has a number of {8 - lead - trail} bytes");
                    ulong middle = 0;
                    for (var b = 0; b < 8 - lead - trail; b++)
                        middle |= (ulong)data[at++] << (8 * b);
                    bits ^= middle << (trail * 8);
                }

                if ((control & ChunkEncoder.TextBit) != 0)
                {
                    var length = ReadUnsigned(data, ref at);
                    if (length == 0)
                    {
                        text = null;
                    }
                    else
                    {
                        var bytes = checked((int)length - 1);
                        text = TextEncoding.UTF8.GetString(data.Slice(at, bytes));
                        at += bytes;
                    }
                }

                into.Add(new ChunkValue(time, sequence, position, flags, BitConverter.Int64BitsToDouble((long)bits), text));
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException("chunk is truncated or damaged", e);
        }

        if (at != data.Length)
            throw new InvalidDataException($"chunk has {data.Length - at} bytes after its {count} values");
    }

    private static long ReadSigned(ReadOnlySpan<byte> data, ref int at)
    {
        var raw = ReadUnsigned(data, ref at);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }

        throw new InvalidDataException("chunk has a varint longer than 10 bytes");
    }
}
