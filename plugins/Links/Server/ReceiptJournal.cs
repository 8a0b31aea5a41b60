using System.Text.Json;
using N3Host.Contracts;

namespace N3Host.Plugins.Links;

/// <summary>
/// What a link server has received: per sender stream, the highest sequence published on this node.
/// It is a stored-data journal, so the redundancy core replicates it to the other node of a pair:
/// after a failover the new active node knows what the old one already received and the sender
/// resumes right after it (nothing doubled). Kept in <c>receipts.jsonl</c> in the instance's data folder.
/// </summary>
internal sealed class ReceiptJournal : IJournal, IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly string _origin;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, List<(JournalRecord Record, Guid Stream)>> _byOrigin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastByOrigin = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, long> _highWater = [];
    private readonly Func<long> _term;
    private FileStream? _file;

    public ReceiptJournal(string name, string directory, string origin, TimeProvider time, Func<long> term)
    {
        Name = name;
        _origin = origin;
        _time = time;
        _term = term;
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, "receipts.jsonl");
        Load();
    }

    public string Name { get; }

    public event EventHandler<long>? Appended;

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
            AddLocked(record);
            WriteLocked(record);
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
        lock (_gate)
        {
            if (!_byOrigin.TryGetValue(origin, out var list))
            {
                return ValueTask.FromResult<IReadOnlyList<JournalRecord>>([]);
            }

            int low = 0, high = list.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (list[middle].Record.Sequence <= afterSequence)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            IReadOnlyList<JournalRecord> records = list.Skip(low).Take(maxCount).Select(r => r.Record).ToList();
            return ValueTask.FromResult(records);
        }
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

                AddLocked(record);
                WriteLocked(record);
                added++;
            }
        }

        return ValueTask.FromResult(added);
    }

    /// <summary>Discards every receipt (the overwrite on a new pairing): the file is emptied and flushed, the high waters forgotten.</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
            using (var file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read))
            {
                file.Flush(flushToDisk: true);
            }

            _byOrigin.Clear();
            _lastByOrigin.Clear();
            _highWater.Clear();
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void AddLocked(JournalRecord record)
    {
        var receipt = JsonSerializer.Deserialize<ReceiptRecord>(record.Payload.Span);
        if (!_byOrigin.TryGetValue(record.Origin, out var list))
        {
            _byOrigin[record.Origin] = list = [];
        }

        list.Add((record, receipt?.Stream ?? Guid.Empty));
        _lastByOrigin[record.Origin] = Math.Max(_lastByOrigin.GetValueOrDefault(record.Origin), record.Sequence);
        if (receipt is not null && receipt.HighWater > _highWater.GetValueOrDefault(receipt.Stream))
        {
            _highWater[receipt.Stream] = receipt.HighWater;
        }
    }

    private void WriteLocked(JournalRecord record)
    {
        _file ??= new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        JsonSerializer.Serialize(_file, StoredReceipt.From(record));
        _file.WriteByte((byte)'\n');
        _file.Flush();
    }

    private void Load()
    {
        CutTornTail();
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path))
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    var stored = JsonSerializer.Deserialize<StoredReceipt>(line);
                    if (stored is not null)
                    {
                        AddLocked(stored.ToRecord());
                    }
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"the link receipts file '{_path}' has a damaged line ({ex.Message}); move it away to start afresh (senders then resend what they still buffer)", ex);
                }
            }
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
