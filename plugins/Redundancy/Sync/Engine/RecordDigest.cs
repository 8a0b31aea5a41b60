using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// Digests of records, independent of the origin name a record is stored under: used to name a sequence space's
/// epoch (from its first record) and to check that two nodes hold the same record at a cursor.
/// </summary>
public static class RecordDigest
{
    /// <summary>16 hex digits of SHA-256 over the record's term, sequence, timestamp and payload.</summary>
    public static string Of(JournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(header, record.Term);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], record.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], record.Timestamp.UtcTicks);
        hash.AppendData(header);
        hash.AppendData(record.Payload.Span);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    /// <summary>The epoch of a sequence space whose first record is <paramref name="first"/>: <c>&lt;term&gt;.&lt;digest&gt;</c>.</summary>
    public static string EpochOf(JournalRecord first)
    {
        ArgumentNullException.ThrowIfNull(first);
        return string.Create(CultureInfo.InvariantCulture, $"{first.Term}.{Of(first)}");
    }
}
