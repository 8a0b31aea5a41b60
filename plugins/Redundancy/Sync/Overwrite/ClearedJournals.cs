using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync.Overwrite;

/// <summary>
/// The backup's journals as a sync session sees them during an overwrite: only those already emptied by it. A journal
/// registered later is emptied first and shown then, so no record the backup held before the overwrite is ever sent or
/// kept beside the primary's (never a half-merged store).
/// </summary>
internal sealed class ClearedJournals : IJournalRegistry, IDisposable
{
    private readonly IJournalRegistry _inner;
    private readonly Func<IJournal, Task<bool>> _clear;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _ready;
    private readonly HashSet<string> _clearing = new(StringComparer.Ordinal);
    private bool _complete;

    public ClearedJournals(IJournalRegistry inner, IEnumerable<string> cleared, Func<IJournal, Task<bool>> clear)
    {
        _inner = inner;
        _clear = clear;
        _ready = new HashSet<string>(cleared, StringComparer.Ordinal);
        _inner.Registered += OnRegistered;
    }

    public event EventHandler<IJournal>? Registered;

    public IReadOnlyList<IJournal> All
    {
        get
        {
            lock (_lock)
            {
                return _complete ? _inner.All : [.. _inner.All.Where(j => _ready.Contains(j.Name))];
            }
        }
    }

    /// <summary>Registered journals not emptied (yet, or because emptying failed).</summary>
    public IReadOnlyList<string> NotCleared
    {
        get
        {
            lock (_lock)
            {
                return [.. _inner.All.Select(j => j.Name).Where(n => !_ready.Contains(n)).Order(StringComparer.Ordinal)];
            }
        }
    }

    public void Register(IJournal journal) => _inner.Register(journal);

    /// <inheritdoc />
    public ValueTask WaitReplicatedAsync(string journal, long sequence, CancellationToken cancellationToken) =>
        _inner.WaitReplicatedAsync(journal, sequence, cancellationToken);

    /// <inheritdoc />
    public void SetReplicating(string journal, bool replicating) => _inner.SetReplicating(journal, replicating);

    /// <inheritdoc />
    public void ReportReplicated(string journal, long sequence) => _inner.ReportReplicated(journal, sequence);

    /// <summary>The overwrite is done: from now on the session sees every journal, and one registered later is merged as usual.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _complete = true;
        }
    }

    /// <summary>Empties a journal unless it already is (or is being) emptied, then shows it to the session.</summary>
    public async Task EnsureClearedAsync(IJournal journal)
    {
        lock (_lock)
        {
            if (_complete || _ready.Contains(journal.Name) || !_clearing.Add(journal.Name))
            {
                return;
            }
        }

        var cleared = false;
        try
        {
            cleared = await _clear(journal).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _clearing.Remove(journal.Name);
                if (cleared)
                {
                    _ready.Add(journal.Name);
                }
            }
        }

        if (cleared)
        {
            Registered?.Invoke(this, journal);
        }
    }

    /// <summary>The session ended: stop following the node's registry.</summary>
    public void Dispose() => _inner.Registered -= OnRegistered;

    private void OnRegistered(object? sender, IJournal journal)
    {
        bool ready;
        lock (_lock)
        {
            ready = _complete || _ready.Contains(journal.Name);
        }

        if (ready)
        {
            Registered?.Invoke(this, journal);
            return;
        }

        _ = ClearLateAsync(journal);
    }

    private async Task ClearLateAsync(IJournal journal)
    {
        await Task.Yield();
        await EnsureClearedAsync(journal).ConfigureAwait(false);
    }
}
