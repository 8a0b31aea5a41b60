namespace N3Host.Plugins.Links;

/// <summary>An auto-reset signal to await: <see cref="Set"/> wakes the current waiters.</summary>
internal sealed class AsyncSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task completed by the next <see cref="Set"/>; take it before checking the condition, then await it.</summary>
    public Task Next
    {
        get
        {
            lock (_gate)
            {
                return _current.Task;
            }
        }
    }

    public void Set()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _current;
            _current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }
}
