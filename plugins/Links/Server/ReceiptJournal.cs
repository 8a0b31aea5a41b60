using System.Text.Json;
using N3Host.Contracts;

namespace N3Host.Plugins.Links;

/// <summary>
/// What a link server has received: per sender stream, the highest sequence published on this node.
/// It is a stored-data journal, so the redundancy core replicates it to the other node of a pair:
/// after a failover the new active node knows what the old one already received and the sender
/// resumes right after it (nothing doubled). Kept in <c>receipts.jsonl</c> in the instance's data folder.
/// The records stay on disk: memory holds the high water per stream, the last sequence per origin and one file
/// offset per <see cref="IndexStride"/> records of an origin, so it stays small however long the node runs. The file is
/// compacted every <c>compactEvery</c> records: a later receipt of a stream supersedes its earlier ones, so only the
/// first and last record of each origin and the highest receipt of each stream are kept (<see cref="Compacts"/>).
/// </summary>
internal sealed class ReceiptJournal : IJournal, IDisposable
{
    /// <summary>The index keeps the file offset of one record in this many of an origin; a read scans at most this many lines of it.</summary>
    internal const int IndexStride = 64;

    /// <summary>Records written between two compactions by default (about 12 MB of file).</summary>
    internal const int DefaultCompactEvery = 50_000;

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly string _origin;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<(long Sequence, long Offset)>> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastByOrigin = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, long> _highWater = [];
    private readonly Func<long> _term;
    private readonly int _compactEvery;
    private FileStream? _file;
    private FileStream? _reader;
    private long _length;
    private long _lines;
    private long _linesAfterCompaction;

    public ReceiptJournal(string name, string directory, string origin, TimeProvider time, Func<long> term, int compactEvery = DefaultCompactEvery)
    {
        Name = name;
        _origin = origin;
        _time = time;
        _term = term;
        _compactEvery = compactEvery;
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "receipts.jsonl");
        Load();
    }

    public string Name { get; }

    public event EventHandler<long>? Appended;

    /// <summary>A later receipt of a stream supersedes its earlier ones: old ones are dropped, so the records held have gaps.</summary>
    public bool Compacts => true;

    /// <summary>Lines in the file now (for status and tests).</summary>
    public long StoredRecords
    {
        get
        {
            lock (_gate)
            {
                return _lines;
            }
        }
    }

    /// <summary>The highest sequence of a stream received on this node or its peer; 0 if none.</summary>
    public long HighWater(Guid stream)
    {
        lock (_gate)
        {
            return _highWater.GetValueOrDefault(stream);
        }
    }

    /// <summary>Records that a stream was received and published up to <paramref name="highWater"/>.</summary>
    public long Record(ReceiptRecord receipt)
    {
        long sequence;
        lock (_gate)
        {
            sequence = _lastByOrigin.GetValueOrDefault(_origin) + 1;
            var record = new JournalRecord(_origin, _term(), sequence, _time.GetUtcNow(), JsonSerializer.SerializeToUtf8Bytes(receipt));
            AddLocked(record.Origin, record.Sequence, WriteLocked(record), receipt);
            CompactIfDueLocked();
        }

        Appended?.Invoke(this, sequence);
        return sequence;
    }

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var receipt = JsonSerializer.Deserialize<ReceiptRecord>(payload.Span)
            ?? throw new ArgumentException("not a link receipt", nameof(payload));
        return ValueTask.FromResult(Record(receipt));
    }

    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>([.. _lastByOrigin.Keys]);
        }
    }

    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_lastByOrigin.GetValueOrDefault(origin));
        }
    }

    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken)
    {
        var records = new List<JournalRecord>();
        lock (_gate)
        {
            if (maxCount <= 0 || !_index.TryGetValue(origin, out var index) || afterSequence >= _lastByOrigin.GetValueOrDefault(origin))
            {
                return ValueTask.FromResult<IReadOnlyList<JournalRecord>>(records);
            }

            // The last indexed record at or before the first one wanted; the lines from there on are scanned.
            int low = 0, high = index.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (index[middle].Sequence <= afterSequence + 1)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            _reader ??= new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            foreach (var (_, line) in Lines(_reader, index[Math.Max(low - 1, 0)].Offset, _length))
            {
                var stored = Parse(line.Span);
                if (stored is null || stored.Origin != origin || stored.Sequence <= afterSequence)
                {
                    continue;
                }

                records.Add(stored.ToRecord());
                if (records.Count == maxCount)
                {
                    break;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<JournalRecord>>(records);
    }

    public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        var added = 0;
        lock (_gate)
        {
            foreach (var record in records)
            {
                if (record.Sequence <= _lastByOrigin.GetValueOrDefault(record.Origin))
                {
                    continue;
                }

                AddLocked(record.Origin, record.Sequence, WriteLocked(record), JsonSerializer.Deserialize<ReceiptRecord>(record.Payload.Span));
                added++;
            }

            if (added > 0)
            {
                CompactIfDueLocked();
            }
        }

        return ValueTask.FromResult(added);
    }

    /// <summary>Discards every receipt (the overwrite on a new pairing): the file is emptied and flushed, the high waters forgotten.</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CloseLocked();
            using (var file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
            {
                file.Flush(flushToDisk: true);
            }

            _index.Clear();
            _lastByOrigin.Clear();
            _highWater.Clear();
            _length = 0;
            _lines = 0;
            _linesAfterCompaction = 0;
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseLocked();
        }
    }

    private void CloseLocked()
    {
        _file?.Dispose();
        _file = null;
        _reader?.Dispose();
        _reader = null;
    }

    private void AddLocked(string origin, long sequence, long offset, ReceiptRecord? receipt)
    {
        if (!_index.TryGetValue(origin, out var index))
        {
            _index[origin] = index = [];
        }

        if (index.Count == 0 || sequence - index[^1].Sequence >= IndexStride)
        {
            index.Add((sequence, offset));
        }

        _lastByOrigin[origin] = Math.Max(_lastByOrigin.GetValueOrDefault(origin), sequence);
        if (receipt is not null && receipt.HighWater > _highWater.GetValueOrDefault(receipt.Stream))
        {
            _highWater[receipt.Stream] = receipt.HighWater;
        }
    }

    /// <summary>Appends the record as one line; returns the line's offset.</summary>
    private long WriteLocked(JournalRecord record)
    {
        _file ??= new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var line = JsonSerializer.SerializeToUtf8Bytes(StoredReceipt.From(record));
        var offset = _length;
        _file.Write(line);
        _file.WriteByte((byte)'\n');
        _file.Flush();
        _length += line.Length + 1;
        _lines++;
        return offset;
    }

    /// <summary>Runs after a write: compacts once <c>compactEvery</c> records were written since the last time.</summary>
    private void CompactIfDueLocked()
    {
        if (_lines - _linesAfterCompaction >= _compactEvery)
        {
            CompactLocked();
        }
    }

    /// <summary>
    /// Rewrites the file with only what is still needed: per origin its first record (it names the sequence space for the
    /// sync) and its last (the resume point), and per origin and stream the receipt with the highest high water. The new
    /// file replaces the old one atomically (a crash leaves one or the other); the high waters do not change.
    /// </summary>
    private void CompactLocked()
    {
        CloseLocked();
        var keep = new HashSet<(string Origin, long Sequence)>();
        var best = new Dictionary<(string Origin, Guid Stream), (long HighWater, long Sequence)>();
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, line) in Lines(file, 0, _length))
            {
                if (Parse(line.Span) is not { } stored)
                {
                    continue;
                }

                if (seen.Add(stored.Origin) || stored.Sequence == _lastByOrigin.GetValueOrDefault(stored.Origin))
                {
                    keep.Add((stored.Origin, stored.Sequence));
                }

                if (JsonSerializer.Deserialize<ReceiptRecord>(stored.Payload) is not { } receipt)
                {
                    keep.Add((stored.Origin, stored.Sequence));
                }
                else if (!best.TryGetValue((stored.Origin, receipt.Stream), out var held) || receipt.HighWater > held.HighWater)
                {
                    best[(stored.Origin, receipt.Stream)] = (receipt.HighWater, stored.Sequence);
                }
            }

            foreach (var ((origin, _), (_, sequence)) in best)
            {
                keep.Add((origin, sequence));
            }

            var temp = _path + ".compact";
            using (var compacted = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                foreach (var (_, line) in Lines(file, 0, _length))
                {
                    if (Parse(line.Span) is { } stored && keep.Contains((stored.Origin, stored.Sequence)))
                    {
                        compacted.Write(line.Span);
                        compacted.WriteByte((byte)'\n');
                    }
                }

                compacted.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
        }

        _index.Clear();
        _lines = 0;
        LoadIndexLocked();
        _linesAfterCompaction = _lines;
    }

    private void Load()
    {
        CutTornTail();
        lock (_gate)
        {
            LoadIndexLocked();
            _linesAfterCompaction = 0;
            CompactIfDueLocked();
        }
    }

    /// <summary>Reads the file: the index, the last sequence per origin, the high waters and the line count.</summary>
    private void LoadIndexLocked()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        _length = file.Length;
        foreach (var (offset, line) in Lines(file, 0, _length))
        {
            if (Parse(line.Span) is { } stored)
            {
                AddLocked(stored.Origin, stored.Sequence, offset, JsonSerializer.Deserialize<ReceiptRecord>(stored.Payload));
                _lines++;
            }
        }
    }

    private StoredReceipt? Parse(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredReceipt>(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the link receipts file '{_path}' has a damaged line ({ex.Message}); move it away to start afresh (senders then resend what they still buffer)", ex);
        }
    }

    /// <summary>The whole lines between two offsets of the file (without their newline), with their offsets; valid until the next one.</summary>
    private static IEnumerable<(long Offset, ReadOnlyMemory<byte> Line)> Lines(FileStream file, long from, long to)
    {
        var buffer = new byte[64 << 10];
        var filled = 0;
        var bufferStart = from;
        file.Position = from;
        while (true)
        {
            var wanted = (int)Math.Min(buffer.Length - filled, to - (bufferStart + filled));
            var read = wanted > 0 ? file.Read(buffer, filled, wanted) : 0;
            filled += read;
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
            {
                yield return (bufferStart + start, buffer.AsMemory(start, newline - start));
                start = newline + 1;
            }

            if (read == 0)
            {
                yield break;
            }

            if (start == 0 && filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            bufferStart += start;
        }
    }

    /// <summary>A crash in the middle of a write leaves a last line without its newline: it is cut off (its sender resends it).</summary>
    private void CutTornTail()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        using var file = new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var length = file.Length;
        var end = length;
        while (end > 0)
        {
            file.Position = end - 1;
            if (file.ReadByte() == '\n')
            {
                break;
            }

            end--;
        }

        if (end != length)
        {
            file.SetLength(end);
        }
    }
}
