using System.Buffers.Binary;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Accepted;

/// <summary>
/// A record of the accepted-values journal: either values the historian accepted (kind 1, then <see cref="ValueBatchCodec"/>),
/// or a commit mark (kind 2, then the little-endian sequence up to which this origin's accepted values are in the store).
/// </summary>
internal static class AcceptedRecord
{
    public const byte ValuesKind = 1;
    public const byte CommittedKind = 2;

    public static byte[] Values(IReadOnlyList<TagValue> values)
    {
        var encoded = ValueBatchCodec.Encode(values);
        var payload = new byte[encoded.Length + 1];
        payload[0] = ValuesKind;
        encoded.CopyTo(payload, 1);
        return payload;
    }

    public static byte[] Committed(long through)
    {
        var payload = new byte[9];
        payload[0] = CommittedKind;
        BinaryPrimitives.WriteInt64LittleEndian(payload.AsSpan(1), through);
        return payload;
    }

    /// <summary>The record's kind; throws <see cref="InvalidDataException"/> on anything else.</summary>
    public static byte KindOf(ReadOnlySpan<byte> payload) => payload.Length > 0 && payload[0] is ValuesKind or CommittedKind
        ? payload[0]
        : throw new InvalidDataException($"not an accepted-values record ({payload.Length} bytes, kind {(payload.Length > 0 ? payload[0] : -1)})");

    public static long CommittedThrough(ReadOnlySpan<byte> payload) => payload.Length == 9 && payload[0] == CommittedKind
        ? BinaryPrimitives.ReadInt64LittleEndian(payload[1..])
        : throw new InvalidDataException($"not a commit mark ({payload.Length} bytes)");

    public static List<TagValue> ValuesOf(ReadOnlySpan<byte> payload) => KindOf(payload) == ValuesKind
        ? ValueBatchCodec.Decode(payload[1..])
        : throw new InvalidDataException("not a values record");
}
