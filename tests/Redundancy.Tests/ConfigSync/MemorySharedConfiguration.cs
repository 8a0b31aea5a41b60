using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Tests.ConfigSync;

/// <summary>
/// A node's shared configuration kept in memory (the host's file handling is tested in N3Host.Tests): applying one makes it
/// current and raises <see cref="Changed"/>, as the host does; <see cref="Gate"/> can hold an apply back.
/// </summary>
internal sealed class MemorySharedConfiguration(ConfigurationRevision revision, string modulesJson) : ISharedConfiguration
{
    private readonly Lock _lock = new();
    private SharedConfiguration _current = new(revision, modulesJson);

    public event EventHandler<SharedConfiguration>? Changed;

    public SharedConfiguration Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public List<SharedConfiguration> Applied { get; } = [];

    /// <summary>Called at the start of every apply, before anything changes.</summary>
    public Action? BeforeApply { get; set; }

    /// <summary>When set, an apply waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<ConfigurationApplyResult> ApplyAsync(SharedConfiguration incoming, string source, CancellationToken cancellationToken)
    {
        BeforeApply?.Invoke();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            Applied.Add(incoming);
            _current = incoming;
        }

        Changed?.Invoke(this, incoming);
        return new ConfigurationApplyResult(true, "applied", incoming.Revision, [], ["journal"], [], []);
    }
}
