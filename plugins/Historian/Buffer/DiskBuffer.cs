using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace N3Host.Plugins.Historian.Buffer;

/// <summary>
/// The store-and-forward buffer: append-only segment files (<c>000000000001.seg</c>, ...) of records
/// <c>[length u32][crc32 u32][payload]</c>, each appended record flushed to disk before <see cref="Append"/> returns.
/// Records are read oldest first (<see cref="Peek"/>); <see cref="Commit"/> moves a cursor (kept in the <c>cursor</c> file, replaced
/// atomically) and deletes segments that are wholly forwarded. On open, a torn record at the end of the last segment
/// (a crash while appending) is cut off; every record before it is kept. Bounded by bytes: a record that does not fit
/// throws <see cref="BufferFullException"/>. Not thread-safe: the historian's writer serializes every use.
/// </summary>
internal sealed class DiskBuffer : IDisposable
{
    private const int HeaderSize = 8;
    private const string SegmentExtension = ".seg";
    private readonly string _directory;
    private readonly long _segmentSize;
    private readonly SortedDictionary<long, long> _segments = [];
    private FileStream? _tail;
    private BufferPosition _cursor;

    /// <summary>Opens (creating if needed) the buffer in <paramref name="directory"/>.</summary>
    public DiskBuffer(string directory, long limitBytes)
    {
        _directory = directory;
        LimitBytes = limitBytes;
        _segmentSize = Math.Clamp(limitBytes / 8, 64 * 1024, 16 * 1024 * 1024);
        if (!TryCreateFolder())
        {
            // A read-only disk without the folder: an empty buffer, whose first append reports the disk.
            _cursor = new BufferPosition(0, 0);
            return;
        }

        _cursor = ReadCursor() ?? new BufferPosition(0, 0);
        foreach (var file in Directory.EnumerateFiles(directory, "*" + SegmentExtension))
        {
            if (long.TryParse(System.IO.Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                _segments[number] = new FileInfo(file).Length;
        }

        try
        {
            foreach (var number in _segments.Keys.Where(n => n < _cursor.Segment).ToList())
                DeleteSegment(number);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only disk: forwarded segments stay until a later commit deletes them.
            MaintenanceError = e.Message;
        }

        if (_segments.Count > 0)
            RepairTail(_segments.Keys.Max());
        Records = CountRecords();
    }

    /// <summary>The buffer's folder.</summary>
    public string Folder => _directory;

    /// <summary>The byte limit.</summary>
    public long LimitBytes { get; }

    /// <summary>Bytes held that are not forwarded yet.</summary>
    public long Bytes => _segments.Sum(s => s.Value) - (_segments.TryGetValue(_cursor.Segment, out var length) ? Math.Min(_cursor.Offset, length) : 0);

    /// <summary>Records held that are not forwarded yet.</summary>
    public long Records { get; private set; }

    /// <summary>True if nothing waits to be forwarded.</summary>
    public bool IsEmpty => Records == 0;

    /// <summary>Appends a record, flushed to disk. Throws <see cref="BufferFullException"/> if it does not fit, <see cref="IOException"/> if the disk fails.</summary>
    public void Append(ReadOnlySpan<byte> payload)
    {
        var size = HeaderSize + payload.Length;
        if (Bytes + size > LimitBytes)
            throw new BufferFullException($"store-and-forward buffer {_directory} is full ({Bytes} of {LimitBytes} bytes used; a record of {size} bytes does not fit)");

        var (number, tail) = Tail(size);
        var record = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(record.AsSpan(HeaderSize));
        var start = _segments[number];
        try
        {
            // One unbuffered write: nothing is left in a stream buffer for Dispose to flush (and fail on) later.
            tail.Write(record);
            tail.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leave no partial record behind (a disk-full write may have written part of it). If even the cut fails
            // (a read-only disk), the next append cuts the file back to its known length before it writes.
            CloseTail();
            TryTruncate(number, start);
            throw;
        }

        _segments[number] = start + size;
        Records++;
    }

    /// <summary>The oldest record not forwarded yet, or null if none.</summary>
    public BufferedRecord? Peek()
    {
        foreach (var (number, length) in _segments)
        {
            if (number < _cursor.Segment)
                continue;
            var offset = number == _cursor.Segment ? _cursor.Offset : 0;
            if (offset >= length)
                continue;
            using var stream = new FileStream(SegmentPath(number), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Position = offset;
            var payload = ReadRecord(stream, length)
                ?? throw new InvalidDataException($"store-and-forward buffer segment {SegmentPath(number)} has a damaged record at offset {offset}");
            return new BufferedRecord(payload, new BufferPosition(number, stream.Position));
        }

        return null;
    }

    /// <summary>
    /// Marks the record read by <see cref="Peek"/> as forwarded (persisted), deleting finished segments. A cursor file or a
    /// segment that cannot be written or deleted now (a full or read-only disk) is tried again at the next commit: the
    /// store records the forwarded position with each forwarded batch, so a stale cursor never doubles a value.
    /// </summary>
    public void Commit(BufferedRecord record)
    {
        var position = record.Next;
        if (!position.IsAfter(_cursor))
            return;
        _cursor = position;
        Records = Math.Max(0, Records - 1);
        try
        {
            foreach (var number in _segments.Keys.Where(n => n < position.Segment).ToList())
                DeleteSegment(number);
            WriteCursor();
            if (Records == 0 && _segments.TryGetValue(position.Segment, out var length) && position.Offset >= length)
            {
                // Everything forwarded: the next record starts a fresh segment.
                CloseTail();
                DeleteSegment(position.Segment);
            }

            MaintenanceError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MaintenanceError = e.Message;
        }
    }

    /// <summary>Why the last commit could not update the cursor file or delete a segment (tried again at the next), or null.</summary>
    public string? MaintenanceError { get; private set; }

    /// <summary>Gives up the rest of the segment holding the next record (it is damaged: record boundaries are lost).</summary>
    public void SkipDamagedSegment()
    {
        var damaged = _segments.Keys.FirstOrDefault(n => n >= _cursor.Segment && (n != _cursor.Segment || _cursor.Offset < _segments[n]));
        if (damaged == 0)
            return;
        CloseTail();
        _cursor = new BufferPosition(damaged, _segments[damaged]);
        WriteCursor();
        DeleteSegment(damaged);
        Records = CountRecords();
    }

    /// <summary>Skips records up to <paramref name="position"/> (already forwarded, as the store recorded), if it is ahead of the cursor.</summary>
    public void SkipTo(BufferPosition position)
    {
        while (Peek() is { } record && !record.Next.IsAfter(position))
            Commit(record);
    }

    /// <inheritdoc />
    public void Dispose() => CloseTail();

    private (long Number, FileStream Stream) Tail(int recordSize)
    {
        var last = _segments.Count == 0 ? 0 : _segments.Keys.Max();
        var known = _segments.Count == 0 ? 0 : _segments[last];
        if (_segments.Count == 0 || (known > 0 && known + recordSize > _segmentSize))
        {
            CloseTail();
            last = Math.Max(last, _cursor.Segment) + 1;
            known = 0;
        }

        if (_tail is null)
        {
            Directory.CreateDirectory(_directory);

            // Unbuffered; positioned at the known end, cutting off whatever a failed append may have left after it.
            var stream = new FileStream(SegmentPath(last), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
            try
            {
                if (stream.Length != known)
                    stream.SetLength(known);
                stream.Position = known;
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            _tail = stream;
        }

        // Known only once its file exists: a segment that could not be created is not one.
        _segments[last] = known;
        return (last, _tail);
    }

    /// <summary>Closes the tail; never throws (an unbuffered stream has nothing to flush, and a failed close leaves nothing to do).</summary>
    private void CloseTail()
    {
        var tail = _tail;
        _tail = null;
        try
        {
            tail?.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The stream is gone either way; the next append reopens the file at its known length.
        }
    }

    private bool TryCreateFolder()
    {
        try
        {
            Directory.CreateDirectory(_directory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            MaintenanceError = e.Message;
            return false;
        }
    }

    private void TryTruncate(long number, long length)
    {
        try
        {
            using var truncate = new FileStream(SegmentPath(number), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            truncate.SetLength(length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cut again by Tail before the next append.
        }
    }

    private void RepairTail(long segment)
    {
        var path = SegmentPath(segment);
        long good = 0;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var length = stream.Length;
            while (ReadRecord(stream, length) is not null)
                good = stream.Position;
        }

        if (good != _segments[segment])
        {
            // If the cut fails now (a read-only disk), the next append cuts the file to this length before it writes.
            _segments[segment] = good;
            TryTruncate(segment, good);
        }
    }

    private static byte[]? ReadRecord(FileStream stream, long length)
    {
        var header = new byte[HeaderSize];
        if (length - stream.Position < HeaderSize)
            return null;
        stream.ReadExactly(header);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (size > length - stream.Position)
            return null;
        var payload = new byte[size];
        stream.ReadExactly(payload);
        return Crc32.HashToUInt32(payload) == crc ? payload : null;
    }

    private long CountRecords()
    {
        long count = 0;
        var header = new byte[HeaderSize];
        foreach (var (number, length) in _segments)
        {
            using var stream = new FileStream(SegmentPath(number), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Position = number == _cursor.Segment ? _cursor.Offset : 0;
            while (stream.Position + HeaderSize <= length)
            {
                stream.ReadExactly(header);
                stream.Position += BinaryPrimitives.ReadUInt32LittleEndian(header);
                if (stream.Position <= length)
                    count++;
            }
        }

        return count;
    }

    private void DeleteSegment(long number)
    {
        File.Delete(SegmentPath(number));
        _segments.Remove(number);
    }

    private string SegmentPath(long number) => System.IO.Path.Combine(_directory, number.ToString("D12", CultureInfo.InvariantCulture) + SegmentExtension);

    private string CursorPath => System.IO.Path.Combine(_directory, "cursor");

    private BufferPosition? ReadCursor() => File.Exists(CursorPath) ? BufferPosition.TryParse(File.ReadAllText(CursorPath)) : null;

    private void WriteCursor()
    {
        var temp = CursorPath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(_cursor.ToString()));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, CursorPath, overwrite: true);
    }
}
