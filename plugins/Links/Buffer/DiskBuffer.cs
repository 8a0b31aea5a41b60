using System.Buffers;
using N3Host.Contracts;

namespace N3Host.Plugins.Links;

/// <summary>
/// The sending side's store-and-forward buffer: every value to send is appended here with the next
/// sequence number, read by the sender, and deleted once the receiver acknowledged it. Bounded by bytes:
/// when full, new values are dropped and counted. Survives a restart of the process (segments are
/// recovered, a torn last record is cut off). One appender and one reader at a time.
/// </summary>
internal sealed class DiskBuffer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly long _limitBytes;
    private readonly long _segmentBytes;
    private readonly int _maxRecordBytes;
    private readonly List<BufferSegment> _segments = [];
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly byte[] _header = new byte[BufferRecord.HeaderBytes];
    private readonly AsyncSignal _committedSignal = new();
    private FileStream? _writer;
    private long _writtenLength;
    private long _lastAppended;
    private long _committed;
    private long _acknowledged;
    private long _overflowed;
    private long _bufferedBytes;
    private long _recoveredLast;
    private Guid _streamId;

    private DiskBuffer(string directory, long limitBytes, int maxRecordBytes)
    {
        _directory = directory;
        _limitBytes = limitBytes;
        _maxRecordBytes = maxRecordBytes;
        _segmentBytes = Math.Clamp(limitBytes / 8, 16 << 10, 8 << 20);
    }

    /// <summary>The id of this buffer's sequence numbering (new with a new buffer folder).</summary>
    public Guid StreamId => _streamId;

    public long LastAppended { get { lock (_gate) { return _lastAppended; } } }

    public long Acknowledged { get { lock (_gate) { return _acknowledged; } } }

    /// <summary>Values stored and not yet acknowledged.</summary>
    public long BufferedValues { get { lock (_gate) { return _lastAppended - _acknowledged; } } }

    public long BufferedBytes { get { lock (_gate) { return _bufferedBytes; } } }

    public long Overflowed { get { lock (_gate) { return _overflowed; } } }

    /// <summary>What recovery cut off a damaged segment, for the log; null if nothing.</summary>
    public string? RecoveryNote { get; private set; }

    /// <summary>Opens (or creates) the buffer in <paramref name="directory"/>.</summary>
    public static DiskBuffer Open(string directory, long limitBytes, int maxRecordBytes)
    {
        Directory.CreateDirectory(directory);
        var buffer = new DiskBuffer(directory, limitBytes, maxRecordBytes);
        buffer.Recover();
        return buffer;
    }

    /// <summary>Stores one value with the next sequence number (not yet readable: call <see cref="Commit"/>).</summary>
    public AppendResult Append(in TagValue value)
    {
        lock (_gate)
        {
            _scratch.ResetWrittenCount();
            TagValueCodec.Encode(_scratch, value);
            var recordBytes = BufferRecord.HeaderBytes + _scratch.WrittenCount;
            if (recordBytes > _maxRecordBytes)
            {
                _overflowed++;
                return AppendResult.TooLarge;
            }

            if (_bufferedBytes + recordBytes > _limitBytes)
            {
                _overflowed++;
                return AppendResult.Full;
            }

            AppendLocked(_scratch.WrittenSpan);
            return AppendResult.Appended;
        }
    }

    private void AppendLocked(ReadOnlySpan<byte> payload)
    {
        if (_writer is null || _writtenLength >= _segmentBytes)
        {
            RollLocked();
        }

        var sequence = ++_lastAppended;
        BufferRecord.WriteHeader(_header, sequence, payload.Length);
        _writer!.Write(_header);
        _writer.Write(payload);
        var recordBytes = BufferRecord.HeaderBytes + payload.Length;
        _writtenLength += recordBytes;
        _bufferedBytes += recordBytes;
    }

    private bool CommitLocked()
    {
        if (_writer is null || _committed == _lastAppended)
        {
            return false;
        }

        _writer.Flush(flushToDisk: true);
        var current = _segments[^1];
        current.Length = _writtenLength;
        current.LastSequence = _lastAppended;
        _committed = _lastAppended;
        return true;
    }

    /// <summary>The values of the records after <paramref name="afterSequence"/>, oldest first (the writer flushed).</summary>
    private List<byte[]> ReadSinceLocked(long afterSequence)
    {
        var values = new List<byte[]>();
        var header = new byte[BufferRecord.HeaderBytes];
        foreach (var segment in _segments.Where(s => s.LastSequence > afterSequence || !s.Closed))
        {
            using var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            while (stream.Position + BufferRecord.HeaderBytes <= stream.Length)
            {
                stream.ReadExactly(header);
                var (sequence, valueLength) = BufferRecord.ReadHeader(header);
                var value = new byte[valueLength];
                stream.ReadExactly(value);
                if (sequence > afterSequence)
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }

    /// <summary>
    /// Writes what was appended through to the disk (fsync) and only then makes it readable for the sender: a value the
    /// receiver holds is always on this disk too, so after a power cut the numbering goes on after it.
    /// </summary>
    public void Commit()
    {
        lock (_gate)
        {
            if (!CommitLocked())
            {
                return;
            }
        }

        _committedSignal.Set();
    }

    /// <summary>
    /// The receiver holds this buffer's stream up to <paramref name="held"/>: acknowledges up to there. The receiver can
    /// hold more than this buffer ever numbered only if the buffer lost writes it had sent (its folder restored from an
    /// older copy, or damaged). Then the numbering moves on after <paramref name="held"/>: the records kept from before
    /// this start are dropped (the receiver holds them), and those appended since are numbered again after it, so that
    /// they are not taken for values the receiver already holds. Returns how far the numbering moved on (0 normally)
    /// and how many values were numbered again.
    /// </summary>
    public (long Skipped, long Renumbered) Resume(long held)
    {
        (long Skipped, long Renumbered) result;
        lock (_gate)
        {
            if (held <= _lastAppended)
            {
                AcknowledgeLocked(held);
                return (0, 0);
            }

            result = (held - _lastAppended, 0);
            _writer?.Flush(flushToDisk: true);
            var since = ReadSinceLocked(Math.Max(_recoveredLast, _acknowledged));
            _writer?.Dispose();
            _writer = null;
            foreach (var segment in _segments)
            {
                File.Delete(segment.Path);
            }

            _segments.Clear();
            _bufferedBytes = 0;
            _writtenLength = 0;
            _lastAppended = _committed = _acknowledged = _recoveredLast = held;
            new BufferState(_streamId, _acknowledged).Save(_directory);
            foreach (var payload in since)
            {
                AppendLocked(payload);
            }

            result.Renumbered = since.Count;
            CommitLocked();
        }

        _committedSignal.Set();
        return result;
    }

    /// <summary>Completes when a value after <paramref name="afterSequence"/> is readable.</summary>
    public Task WaitForDataAsync(long afterSequence, CancellationToken cancellationToken)
    {
        var next = _committedSignal.Next;
        lock (_gate)
        {
            if (_committed > afterSequence)
            {
                return Task.CompletedTask;
            }
        }

        return next.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Copies whole records from the cursor on into <paramref name="destination"/> (at least
    /// maxRecordBytes long) and moves the cursor past them. Returns the bytes copied, 0 if nothing is readable.
    /// </summary>
    public int Read(BufferCursor cursor, byte[] destination, out int count, out long lastSequence)
    {
        count = 0;
        lastSequence = cursor.NextSequence - 1;
        while (true)
        {
            BufferSegment segment;
            long readable;
            lock (_gate)
            {
                if (cursor.Segment is null || !_segments.Contains(cursor.Segment))
                {
                    cursor.CloseStream();
                    cursor.Segment = _segments.FirstOrDefault(s => s.LastSequence >= cursor.NextSequence);
                    cursor.Offset = 0;
                    if (cursor.Segment is null)
                    {
                        return 0;
                    }
                }

                segment = cursor.Segment;
                readable = segment.Length - cursor.Offset;
                if (readable <= 0)
                {
                    var index = _segments.IndexOf(segment);
                    if (!segment.Closed || index + 1 >= _segments.Count)
                    {
                        return 0;
                    }

                    cursor.CloseStream();
                    cursor.Segment = _segments[index + 1];
                    cursor.Offset = 0;
                    continue;
                }
            }

            cursor.Stream ??= new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            cursor.Stream.Position = cursor.Offset;
            var wanted = (int)Math.Min(readable, destination.Length);
            cursor.Stream.ReadExactly(destination, 0, wanted);

            var position = 0;
            var keepFrom = -1;
            while (position + BufferRecord.HeaderBytes <= wanted)
            {
                var (sequence, valueLength) = BufferRecord.ReadHeader(destination.AsSpan(position));
                var end = position + BufferRecord.HeaderBytes + valueLength;
                if (end > wanted)
                {
                    break;
                }

                if (sequence >= cursor.NextSequence)
                {
                    if (keepFrom < 0)
                    {
                        keepFrom = position;
                    }

                    count++;
                    lastSequence = sequence;
                }

                position = end;
            }

            cursor.Offset += position;
            if (keepFrom < 0)
            {
                continue;
            }

            cursor.NextSequence = lastSequence + 1;
            var length = position - keepFrom;
            if (keepFrom > 0)
            {
                Array.Copy(destination, keepFrom, destination, 0, length);
            }

            return length;
        }
    }

    /// <summary>Everything up to <paramref name="sequence"/> reached the receiver: deletes what is no longer needed.</summary>
    public void Acknowledge(long sequence)
    {
        lock (_gate)
        {
            AcknowledgeLocked(sequence);
        }
    }

    private void AcknowledgeLocked(long sequence)
    {
        sequence = Math.Min(sequence, _lastAppended);
        if (sequence <= _acknowledged)
        {
            return;
        }

        _acknowledged = sequence;
        var deleted = false;
        while (_segments.Count > 0 && _segments[0].LastSequence <= sequence && (_segments[0].Closed || _committed == _lastAppended))
        {
            var segment = _segments[0];
            if (!segment.Closed)
            {
                _writer!.Dispose();
                _writer = null;
                segment.Length = _writtenLength;
                _writtenLength = 0;
            }

            _segments.RemoveAt(0);
            _bufferedBytes -= segment.Length;
            File.Delete(segment.Path);
            deleted = true;
        }

        if (deleted)
        {
            new BufferState(_streamId, _acknowledged).Save(_directory);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_writer is not null)
            {
                _writer.Flush(flushToDisk: true);
                _writer.Dispose();
                _writer = null;
                if (_segments.Count > 0)
                {
                    _segments[^1].Closed = true;
                }
            }

            new BufferState(_streamId, _acknowledged).Save(_directory);
        }
    }

    private void RollLocked()
    {
        if (_writer is not null)
        {
            _writer.Flush(flushToDisk: true);
            _writer.Dispose();
            _writer = null;
            var previous = _segments[^1];
            previous.Length = _writtenLength;
            previous.LastSequence = _lastAppended;
            previous.Closed = true;
            _committed = _lastAppended;
        }

        var first = _lastAppended + 1;
        var segment = new BufferSegment(Path.Combine(_directory, BufferSegment.FileName(first)), first);
        _writer = new FileStream(segment.Path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 64 << 10);
        _writtenLength = 0;
        _segments.Add(segment);
    }

    private void Recover()
    {
        var state = BufferState.Load(_directory);
        _streamId = state?.StreamId ?? Guid.NewGuid();
        _acknowledged = state?.Acknowledged ?? 0;
        _lastAppended = _acknowledged;
        var notes = new List<string>();
        var header = new byte[BufferRecord.HeaderBytes];
        foreach (var path in Directory.GetFiles(_directory, "*.seg").Order(StringComparer.Ordinal))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), out var first) || first <= 0)
            {
                notes.Add($"ignored '{Path.GetFileName(path)}' (not a segment name)");
                continue;
            }

            var segment = new BufferSegment(path, first) { Closed = true };
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                long offset = 0;
                var expected = first;
                while (offset + BufferRecord.HeaderBytes <= stream.Length)
                {
                    stream.Position = offset;
                    stream.ReadExactly(header);
                    var (sequence, valueLength) = BufferRecord.ReadHeader(header);
                    var end = offset + BufferRecord.HeaderBytes + valueLength;
                    if (sequence != expected || valueLength < 0 || BufferRecord.HeaderBytes + valueLength > _maxRecordBytes || end > stream.Length)
                    {
                        break;
                    }

                    expected++;
                    offset = end;
                }

                if (offset != stream.Length)
                {
                    notes.Add($"cut {stream.Length - offset} damaged bytes off '{Path.GetFileName(path)}'");
                    stream.SetLength(offset);
                }

                segment.Length = offset;
                segment.LastSequence = expected - 1;
            }

            if (segment.Length == 0 || segment.LastSequence <= _acknowledged)
            {
                File.Delete(path);
                continue;
            }

            _segments.Add(segment);
            _bufferedBytes += segment.Length;
            _lastAppended = Math.Max(_lastAppended, segment.LastSequence);
        }

        _committed = _recoveredLast = _lastAppended;
        RecoveryNote = notes.Count == 0 ? null : string.Join("; ", notes);
        new BufferState(_streamId, _acknowledged).Save(_directory);
    }
}
