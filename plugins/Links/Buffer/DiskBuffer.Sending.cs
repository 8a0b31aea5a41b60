namespace N3Host.Plugins.Links;

/// <summary>
/// The disk buffer's sending side: waiting for data, reading from a cursor, acknowledgements, and the resume when the
/// receiver holds more than was numbered. A part of the one class because it is one state under one lock: the segment
/// list and the appended, committed and acknowledged numbering, which an acknowledgement (deleting segments, closing the
/// one being written) and a resume (renumbering what was appended) change together with the appending side.
/// </summary>
internal sealed partial class DiskBuffer
{
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
}
