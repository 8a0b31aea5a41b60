using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// The compact binary form of a <see cref="SyncBatch"/>, little-endian:
/// id (int64), journal, origin, epoch (each uint16 length + UTF-8), count (int32), then per record:
/// term (int64), sequence (int64), timestamp UTC ticks (int64), offset minutes (int16), payload length (int32), payload.
/// </summary>
internal static class BatchCodec
{
    /// <summary>Bytes a record takes besides its payload.</summary>
    public const int RecordOverhead = 8 + 8 + 8 + 2 + 4;

    public static int GetSize(SyncBatch batch)
    {
        var size = 8 + StringSize(batch.Journal) + StringSize(batch.Origin) + StringSize(batch.Epoch) + 4;
        foreach (var record in batch.Records)
            size += RecordOverhead + record.Payload.Length;
        return size;
    }

    public static void Write(SyncBatch batch, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, batch.Id);
        var at = 8;
        at += WriteString(batch.Journal, destination[at..]);
        at += WriteString(batch.Origin, destination[at..]);
        at += WriteString(batch.Epoch, destination[at..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[at..], batch.Records.Count);
        at += 4;
        foreach (var record in batch.Records)
        {
            var span = destination[at..];
            BinaryPrimitives.WriteInt64LittleEndian(span, record.Term);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], record.Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(span[16..], record.Timestamp.UtcTicks);
            BinaryPrimitives.WriteInt16LittleEndian(span[24..], (short)record.Timestamp.Offset.TotalMinutes);
            BinaryPrimitives.WriteInt32LittleEndian(span[26..], record.Payload.Length);
            record.Payload.Span.CopyTo(span[RecordOverhead..]);
            at += RecordOverhead + record.Payload.Length;
        }
    }

    /// <summary>Decodes a batch; the records' payloads are slices of <paramref name="body"/>, which must not be reused.</summary>
    public static SyncBatch Read(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var at = 0;
        var id = ReadInt64(span, ref at);
        var journal = ReadString(span, ref at);
        var origin = ReadString(span, ref at);
        var epoch = ReadString(span, ref at);
        var count = ReadInt32(span, ref at);
        if (count < 0 || count > (span.Length - at) / RecordOverhead)
            throw Malformed($"batch declares {count} records but holds at most {(span.Length - at) / RecordOverhead}");
        var records = new JournalRecord[count];
        for (var i = 0; i < count; i++)
        {
            var term = ReadInt64(span, ref at);
            var sequence = ReadInt64(span, ref at);
            var ticks = ReadInt64(span, ref at);
            Need(span, at, 2);
            var offsetMinutes = BinaryPrimitives.ReadInt16LittleEndian(span[at..]);
            at += 2;
            var length = ReadInt32(span, ref at);
            if (length < 0)
                throw Malformed($"record {i} has a negative payload length");
            Need(span, at, length);
            DateTimeOffset timestamp;
            try
            {
                var offset = TimeSpan.FromMinutes(offsetMinutes);
                timestamp = new DateTimeOffset(ticks + offset.Ticks, offset);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new SyncProtocolException($"malformed sync batch: record {i} has an invalid timestamp", e);
            }

            records[i] = new JournalRecord(origin, term, sequence, timestamp, body.Slice(at, length));
            at += length;
        }

        if (at != span.Length)
            throw Malformed($"{span.Length - at} bytes after the last record");
        return new SyncBatch(id, journal, origin, epoch, records);
    }

    private static int StringSize(string value) => 2 + Encoding.UTF8.GetByteCount(value);

    private static int WriteString(string value, Span<byte> destination)
    {
        var length = Encoding.UTF8.GetBytes(value, destination[2..]);
        if (length > ushort.MaxValue)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a name in a sync batch is {length} bytes long; at most {ushort.MaxValue} are allowed"), nameof(value));
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)length);
        return 2 + length;
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int at)
    {
        Need(span, at, 2);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
        at += 2;
        Need(span, at, length);
        var value = Encoding.UTF8.GetString(span.Slice(at, length));
        at += length;
        return value;
    }

    private static long ReadInt64(ReadOnlySpan<byte> span, ref int at)
    {
        Need(span, at, 8);
        var value = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
        at += 8;
        return value;
    }

    private static int ReadInt32(ReadOnlySpan<byte> span, ref int at)
    {
        Need(span, at, 4);
        var value = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        return value;
    }

    private static void Need(ReadOnlySpan<byte> span, int at, int count)
    {
        if (count > span.Length - at)
            throw Malformed(string.Create(CultureInfo.InvariantCulture, $"truncated at byte {at} of {span.Length} (needs {count} more)"));
    }

    private static SyncProtocolException Malformed(string reason) => new("malformed sync batch: " + reason);
}
