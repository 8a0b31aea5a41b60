using N3Host.Contracts;

namespace N3Host.Journals;

/// <summary>
/// The node's stored-data journals, by name; a journal registered again under the same name replaces the old one.
/// It also keeps, per journal, how far the pair's other node holds this node's own records (reported by the
/// redundancy module), so that a module can wait for a record to be on both nodes before it acknowledges data.
/// </summary>
internal sealed class JournalRegistry : IJournalRegistry
{
    private readonly Lock _lock = new();
    private readonly List<RegisteredJournal> _journals = [];
    private readonly Dictionary<string, Replication> _replication = new(StringComparer.Ordinal);

    public event EventHandler<IJournal>? Registered;

    public IReadOnlyList<IJournal> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _journals];
            }
        }
    }

    public void Register(IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        RegisteredJournal registered;
        lock (_lock)
        {
            var index = _journals.FindIndex(j => string.Equals(j.Name, journal.Name, StringComparison.Ordinal));
            if (index >= 0)
            {
                // A restarted module: everyone holding this journal goes on with the new instance.
                registered = _journals[index];
                registered.Replace(journal);
            }
            else
            {
                registered = new RegisteredJournal(journal);
                _journals.Add(registered);
            }
        }

        Registered?.Invoke(this, registered);
    }

    public async ValueTask WaitReplicatedAsync(string journal, long sequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (!_replication.TryGetValue(journal, out var state) || !state.Replicating || state.Held >= sequence)
                {
                    return;
                }

                progress = state.Progress.Task;
            }

            await progress.WaitAsync(cancellationToken);
        }
    }

    public void SetReplicating(string journal, bool replicating)
    {
        ArgumentNullException.ThrowIfNull(journal);
        TaskCompletionSource? signal;
        lock (_lock)
        {
            var state = State(journal);
            if (state.Replicating == replicating)
            {
                return;
            }

            state.Replicating = replicating;
            state.Held = 0;
            signal = state.Signal();
        }

        signal.TrySetResult();
    }

    public void ReportReplicated(string journal, long sequence)
    {
        ArgumentNullException.ThrowIfNull(journal);
        TaskCompletionSource signal;
        lock (_lock)
        {
            var state = State(journal);
            if (sequence <= state.Held)
            {
                return;
            }

            state.Held = sequence;
            signal = state.Signal();
        }

        signal.TrySetResult();
    }

    /// <summary>How far the peer holds this node's records, per replicated journal (for status).</summary>
    public IReadOnlyDictionary<string, long> Replicated
    {
        get
        {
            lock (_lock)
            {
                return _replication.Where(r => r.Value.Replicating).ToDictionary(r => r.Key, r => r.Value.Held, StringComparer.Ordinal);
            }
        }
    }

    private Replication State(string journal)
    {
        if (!_replication.TryGetValue(journal, out var state))
        {
            state = new Replication();
            _replication[journal] = state;
        }

        return state;
    }

    private sealed class Replication
    {
        public bool Replicating { get; set; }

        public long Held { get; set; }

        public TaskCompletionSource Progress { get; private set; } = New();

        /// <summary>Swaps in a fresh signal and returns the old one, to be completed outside the lock.</summary>
        public TaskCompletionSource Signal()
        {
            var old = Progress;
            Progress = New();
            return old;
        }

        private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
