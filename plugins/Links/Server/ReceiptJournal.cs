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
            foreach (var (_, line) in ReceiptFile.Lines(_reader, index[Math.Max(low - 1, 0)].Offset, _length))
            {
                var stored = ReceiptFile.Parse(_path, line.Span);
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
    /// Rewrites the file with only what is still needed (<see cref="ReceiptFile.Compact"/>) and reads it again; the high
    /// waters do not change.
    /// </summary>
    private void CompactLocked()
    {
        CloseLocked();
        ReceiptFile.Compact(_path, _length, _lastByOrigin);
        _index.Clear();
        _lines = 0;
        LoadIndexLocked();
        _linesAfterCompaction = _lines;
    }

    private void Load()
    {
        ReceiptFile.CutTornTail(_path);
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
        foreach (var (offset, line) in ReceiptFile.Lines(file, 0, _length))
        {
            if (ReceiptFile.Parse(_path, line.Span) is { } stored)
            {
                AddLocked(stored.Origin, stored.Sequence, offset, JsonSerializer.Deserialize<ReceiptRecord>(stored.Payload));
                _lines++;
            }
        }
    }
}
