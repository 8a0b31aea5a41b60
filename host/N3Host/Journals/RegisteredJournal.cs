using N3Host.Contracts;

namespace N3Host.Journals;

/// <summary>
/// What the registry hands out for a journal name: the journal its module registered last. A module instance that is
/// restarted (a changed setting, a fault) disposes its journal and registers a new one; a call that fails on the old
/// one while that happens (its file already closed) is made again on the new one, so the pair's sync session does
/// not end (and a backup does not go active) because a module restarted.
/// </summary>
internal sealed class RegisteredJournal : IJournal
{
    /// <summary>How long a failed call waits for the journal to be registered again before its error stands.</summary>
    private static readonly TimeSpan ReplacementWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private IJournal _current;
    private TaskCompletionSource _replaced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RegisteredJournal(IJournal journal)
    {
        _current = journal;
        _current.Appended += OnAppended;
    }

    public string Name => Current.Name;

    public bool Compacts => Current.Compacts;

    public event EventHandler<long>? Appended;

    /// <summary>The instance registered last.</summary>
    public IJournal Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>The module registered a new instance under this name.</summary>
    public void Replace(IJournal journal)
    {
        TaskCompletionSource replaced;
        lock (_lock)
        {
            _current.Appended -= OnAppended;
            _current = journal;
            _current.Appended += OnAppended;
            replaced = _replaced;
            _replaced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        replaced.TrySetResult();
    }

    public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        CallAsync(j => j.AppendAsync(payload, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken) =>
        CallAsync(j => j.GetOriginsAsync(cancellationToken), cancellationToken);

    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken) =>
        CallAsync(j => j.GetLastSequenceAsync(origin, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        CallAsync(j => j.ReadAsync(origin, afterSequence, maxCount, cancellationToken), cancellationToken);

    public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken) =>
        CallAsync(j => j.ApplyAsync(records, cancellationToken), cancellationToken);

    public async ValueTask ClearAsync(CancellationToken cancellationToken) =>
        await CallAsync(
            async j =>
            {
                await j.ClearAsync(cancellationToken);
                return 0;
            },
            cancellationToken);

    private async ValueTask<T> CallAsync<T>(Func<IJournal, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        while (true)
        {
            IJournal journal;
            Task replaced;
            lock (_lock)
            {
                journal = _current;
                replaced = _replaced.Task;
            }

            try
            {
                return await call(journal);
            }
            catch (Exception e) when (e is not OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (!await ReplacedAsync(replaced, cancellationToken))
                {
                    throw;
                }

                // The module restarted meanwhile: the same call on its new journal.
            }
        }
    }

    /// <summary>True if the journal is (or, within <see cref="ReplacementWait"/>, gets) registered again.</summary>
    private static async Task<bool> ReplacedAsync(Task replaced, CancellationToken cancellationToken)
    {
        try
        {
            await replaced.WaitAsync(ReplacementWait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void OnAppended(object? sender, long sequence) => Appended?.Invoke(this, sequence);
}
