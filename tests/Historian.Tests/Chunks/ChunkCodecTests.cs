using N3Host.Plugins.Historian.Chunks;
using Xunit;

namespace Historian.Tests.Chunks;

public sealed class ChunkCodecTests
{
    [Fact]
    public void EveryField_ComesBack_BitForBit_InTheOrderPacked()
    {
        var values = new List<ChunkValue>
        {
            new(639_079_200_000_000_000, 1, 0, 4, 1.5, null),
            new(639_079_200_010_000_000, 2, 0, 4, 1.5, null),
            new(639_079_200_020_000_000, 3, 7, 5, -0.0, null),
            new(639_079_199_000_000_000, 3, 9, 4, double.NaN, null),
            new(639_079_199_000_000_000, 10_000, 2_000_000, 8, BitConverter.Int64BitsToDouble(unchecked((long)0xFFF0_0000_0000_0001)), "running ✓"),
            new(639_079_199_000_000_001, 10_001, 2_000_000, 8, 0, ""),
            new(long.MaxValue, 10_002, 0, 8, double.MaxValue, null),
            new(long.MinValue, 9, int.MaxValue, 0, double.Epsilon, "x"),
        };
        var encoder = new ChunkEncoder();
        foreach (var v in values)
            encoder.Append(v);

        var decoded = new List<ChunkValue>();
        ChunkDecoder.Decode(encoder.Data, encoder.Count, decoded);

        Assert.Equal(values.Count, decoded.Count);
        for (var i = 0; i < values.Count; i++)
        {
            Assert.True(values[i].SameValueAs(decoded[i]), $"value {i}: {values[i]} came back as {decoded[i]}");
            Assert.Equal((values[i].Sequence, values[i].Position), (decoded[i].Sequence, decoded[i].Position));
        }

        Assert.Equal(long.MinValue, encoder.FirstTicks);
        Assert.Equal(long.MaxValue, encoder.LastTicks);
        Assert.Equal(1, encoder.FirstSequence);
    }

    [Fact]
    public void ARegularSlowlyChangingAnalog_TakesAFewBytesAValue()
    {
        // A temperature in 0.01 steps sampled each second, as the simulator's analogs are: one value in four unchanged.
        var encoder = new ChunkEncoder();
        for (var i = 0; i < ChunkLimits.MaxValues; i++)
            encoder.Append(new ChunkValue(639_079_200_000_000_000 + (i * TimeSpan.TicksPerSecond), i + 1, 3, 0, 20 + ((i / 4) * 0.01), null));

        var perValue = (double)encoder.Data.Length / encoder.Count;
        Assert.InRange(perValue, 1, 2.5);
        var decoded = new List<ChunkValue>();
        ChunkDecoder.Decode(encoder.Data, encoder.Count, decoded);
        Assert.Equal(Enumerable.Range(0, ChunkLimits.MaxValues).Select(i => 20 + ((i / 4) * 0.01)), decoded.Select(v => v.Number));
    }

    [Fact]
    public void DecimalSteps_AndNumbersThatAreNot_Interleave_BitForBit()
    {
        double[] numbers = [12.5, 12.51, -3.0, 1e300, 0.1 + 0.2, 7.123456, 7.1234567, double.PositiveInfinity, 42, 42.000001, -0.0, 0, 123456789.12, Math.PI];
        var encoder = new ChunkEncoder();
        for (var i = 0; i < numbers.Length; i++)
            encoder.Append(new ChunkValue(i, i + 1, 0, 0, numbers[i], null));
        var decoded = new List<ChunkValue>();
        ChunkDecoder.Decode(encoder.Data, encoder.Count, decoded);
        Assert.Equal(numbers.Select(BitConverter.DoubleToInt64Bits), decoded.Select(v => BitConverter.DoubleToInt64Bits(v.Number)));
    }

    [Fact]
    public void DamagedOrShortData_IsAnInvalidDataException()
    {
        var encoder = new ChunkEncoder();
        encoder.Append(new ChunkValue(1_000, 1, 0, 0, 3.25, "text"));
        var data = encoder.ToArray();

        Assert.Throws<InvalidDataException>(() => ChunkDecoder.Decode(data.AsSpan(0, data.Length - 1), 1, []));
        Assert.Throws<InvalidDataException>(() => ChunkDecoder.Decode(data, 2, []));
        Assert.Throws<InvalidDataException>(() => ChunkDecoder.Decode([0xFF], 1, []));
        Assert.Throws<InvalidDataException>(() => ChunkDecoder.Decode([.. data, 0], 1, []));
    }
}
