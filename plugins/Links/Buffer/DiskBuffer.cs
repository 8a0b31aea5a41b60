using System.Buffers;
using N3Host.Contracts;
using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Links;

/// <summary>
/// The sending side's store-and-forward buffer: every value to send is appended here with the next
/// sequence number, read by the sender, and deleted once the receiver acknowledged it. Bounded by bytes:
/// when full, new values are dropped and counted. Survives a restart of the process (segments are
/// recovered, a torn last record is cut off). One appender and one reader at a time.
/// A failed write (a full or read-only disk) throws <see cref="BufferWriteException"/> after cutting the segment back to
/// its last committed record; the buffer goes on with the next append. Nothing it does on close throws, and a buffer on
/// a read-only folder opens for reading what it holds.
/// </summary>
internal sealed class DiskBuffer : IDisposable
{
    /// <summary>Records gathered in memory before one write to the OS (the file itself is unbuffered, so a close never writes).</summary>
    private const int PendingBytes = 64 << 10;

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly long _limitBytes;
    private readonly long _segmentBytes;
    private readonly int _maxRecordBytes;
    private readonly List<BufferSegment> _segments = [];
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private readonly ArrayBufferWriter<byte> _pending = new(PendingBytes);
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
    private bool _stateSaved;
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

    /// <summary>The buffer's folder.</summary>
    public string Directory => _directory;

    /// <summary>Opens (or creates) the buffer in <paramref name="directory"/>; on a read-only folder, for reading what it holds.</summary>
    public static DiskBuffer Open(string directory, long limitBytes, int maxRecordBytes)
    {
        System.IO.Directory.CreateDirectory(directory);
        var buffer = new DiskBuffer(directory, limitBytes, maxRecordBytes);
        buffer.Recover();
        return buffer;
    }

    /// <summary>
    /// Stores one value with the next sequence number (not yet readable: call <see cref="Commit"/>). Throws
    /// <see cref="BufferWriteException"/> if the disk does not take it (and what was appended since the last commit).
    /// </summary>
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
        var numbered = false;
        try
        {
            if (_writer is null || _writtenLength >= _segmentBytes)
            {
                RollLocked();
            }

            var sequence = ++_lastAppended;
            numbered = true;
            var recordBytes = BufferRecord.HeaderBytes + payload.Length;
            BufferRecord.WriteHeader(_pending.GetSpan(recordBytes), sequence, payload.Length);
            payload.CopyTo(_pending.GetSpan(recordBytes)[BufferRecord.HeaderBytes..]);
            _pending.Advance(recordBytes);
            _writtenLength += recordBytes;
            _bufferedBytes += recordBytes;
            if (_pending.WrittenCount >= PendingBytes)
            {
                WritePendingLocked();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The value being appended is among those not kept, whether or not it was numbered yet.
            throw FailLocked(e, numbered ? 0 : 1);
        }
    }

    private void WritePendingLocked()
    {
        if (_pending.WrittenCount > 0)
        {
            _writer!.Write(_pending.WrittenSpan);
            _pending.ResetWrittenCount();
        }
    }

    private bool CommitLocked()
    {
        if (_writer is null || _committed == _lastAppended)
        {
            return false;
        }

        try
        {
            WritePendingLocked();
            _writer.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FailLocked(e, 0);
        }

        var current = _segments[^1];
        current.Length = _writtenLength;
        current.LastSequence = _lastAppended;
        _committed = _lastAppended;
        return true;
    }

    /// <summary>
    /// A write failed: forgets what was appended since the last commit, cuts the segment back to its committed length (no
    /// torn record stays), and returns the exception to throw. If the cut fails too (a read-only disk), the segment is
    /// closed at its committed length (reads never go past it; the next start cuts the rest) and the next append starts a
    /// new one.
    /// </summary>
    private BufferWriteException FailLocked(Exception error, long notNumbered)
    {
        var notKept = _lastAppended - _committed + notNumbered;
        _pending.ResetWrittenCount();
        _lastAppended = _committed;
        if (_segments.Count > 0 && !_segments[^1].Closed)
        {
            var current = _segments[^1];
            _bufferedBytes -= _writtenLength - current.Length;
            _writtenLength = current.Length;
            try
            {
                _writer?.SetLength(current.Length);
                _writer?.Seek(current.Length, SeekOrigin.Begin);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                CloseWriterLocked();
            }
        }
        else
        {
            CloseWriterLocked();
        }

        return new BufferWriteException(notKept, _directory, error);
    }

    /// <summary>Closes the segment being written at its committed length; never throws (the file is unbuffered).</summary>
    private void CloseWriterLocked()
    {
        if (_writer is null)
        {
            return;
        }

        try
        {
            _writer.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing is buffered in the stream: a close that fails loses nothing.
        }

        _writer = null;
        _pending.ResetWrittenCount();
        if (_segments.Count > 0 && !_segments[^1].Closed)
        {
            var current = _segments[^1];
            _bufferedBytes -= _writtenLength - current.Length;
            _writtenLength = 0;
            current.Closed = true;
        }
    }

    /// <summary>Saves the stream id and acknowledged sequence; false if the disk does not take it now (tried again later).</summary>
    private bool TrySaveStateLocked()
    {
        try
        {
            new BufferState(_streamId, _acknowledged).Save(_directory);
            _stateSaved = true;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _stateSaved = false;
            StorageProbe.TryDelete(Path.Combine(_directory, BufferState.FileName + ".tmp"));
            return false;
        }
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
            CommitLocked();
            var since = ReadSinceLocked(Math.Max(_recoveredLast, _acknowledged));
            CloseWriterLocked();
            foreach (var segment in _segments)
            {
                File.Delete(segment.Path);
            }

            _segments.Clear();
            _bufferedBytes = 0;
            _writtenLength = 0;
            _lastAppended = _committed = _acknowledged = _recoveredLast = held;
            TrySaveStateLocked();
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
                CloseWriterLocked();
            }

            try
            {
                File.Delete(segment.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only disk: the segment stays until a later acknowledgement (or start) can delete it.
                break;
            }

            _segments.RemoveAt(0);
            _bufferedBytes -= segment.Length;
            deleted = true;
        }

        if (deleted || !_stateSaved)
        {
            TrySaveStateLocked();
        }
    }

    /// <summary>Commits what was appended if the disk takes it, closes the files and saves the state; never throws.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                CommitLocked();
            }
            catch (BufferWriteException)
            {
                // The disk is full or read-only: what was not committed is gone (the caller counted appends, not commits).
            }

            CloseWriterLocked();
            TrySaveStateLocked();
        }
    }

    private void RollLocked()
    {
        if (_writer is not null)
        {
            WritePendingLocked();
            _writer.Flush(flushToDisk: true);
            var previous = _segments[^1];
            previous.Length = _writtenLength;
            previous.LastSequence = _lastAppended;
            _committed = _lastAppended;
            CloseWriterLocked();
        }

        // A segment never exists without the state file that holds its stream id.
        if (!_stateSaved)
        {
            new BufferState(_streamId, _acknowledged).Save(_directory);
            _stateSaved = true;
        }

        var first = _lastAppended + 1;
        if (_segments.Count > 0 && _segments[^1].FirstSequence == first)
        {
            // An empty segment closed by a failed write: started again in the same file.
            _segments.RemoveAt(_segments.Count - 1);
        }

        var segment = new BufferSegment(Path.Combine(_directory, BufferSegment.FileName(first)), first);

        // Unbuffered (records are gathered in _pending), so closing the file never writes and never fails on a full disk.
        _writer = new FileStream(segment.Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 0);
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
        foreach (var path in System.IO.Directory.GetFiles(_directory, "*.seg").Order(StringComparer.Ordinal))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), out var first) || first <= 0)
            {
                notes.Add($"ignored '{Path.GetFileName(path)}' (not a segment name)");
                continue;
            }

            var segment = new BufferSegment(path, first) { Closed = true };
            using (var stream = OpenForRecovery(path))
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

                if (offset != stream.Length && !stream.CanWrite)
                {
                    notes.Add($"{stream.Length - offset} damaged bytes at the end of '{Path.GetFileName(path)}' not read (read-only; cut at the next start that can write)");
                }
                else if (offset != stream.Length)
                {
                    notes.Add($"cut {stream.Length - offset} damaged bytes off '{Path.GetFileName(path)}'");
                    stream.SetLength(offset);
                }

                segment.Length = offset;
                segment.LastSequence = expected - 1;
            }

            if (segment.Length == 0 || segment.LastSequence <= _acknowledged)
            {
                StorageProbe.TryDelete(path);
                continue;
            }

            _segments.Add(segment);
            _bufferedBytes += segment.Length;
            _lastAppended = Math.Max(_lastAppended, segment.LastSequence);
        }

        _committed = _recoveredLast = _lastAppended;
        RecoveryNote = notes.Count == 0 ? null : string.Join("; ", notes);

        // On a full or read-only disk the state is saved by the first write that can (before any new segment).
        TrySaveStateLocked();
    }

    /// <summary>A segment to recover: for reading and cutting, or for reading only on a read-only disk.</summary>
    private static FileStream OpenForRecovery(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && StorageProbe.Classify(e, path) is { Kind: StorageConditionKind.ReadOnly }))
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
    }
}
