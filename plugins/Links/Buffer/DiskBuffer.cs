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
internal sealed partial class DiskBuffer : IDisposable
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
        var recovered = BufferRecovery.Scan(_directory, _maxRecordBytes, _acknowledged);
        _segments.AddRange(recovered.Segments);
        _bufferedBytes += recovered.Bytes;
        _lastAppended = recovered.LastSequence;
        _committed = _recoveredLast = _lastAppended;
        RecoveryNote = recovered.Note;

        // On a full or read-only disk the state is saved by the first write that can (before any new segment).
        TrySaveStateLocked();
    }
}
