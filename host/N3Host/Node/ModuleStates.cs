using N3Host.Contracts;

namespace N3Host.Node;

/// <summary>Every instance's lifecycle state, in modules.json order; the last error stays until a newer one replaces it.</summary>
internal sealed class ModuleStates : IModuleStates
{
    private readonly Lock _lock = new();
    private readonly List<ModuleStatus> _states = [];

    public event EventHandler<ModuleStatus>? Changed;

    public IReadOnlyList<ModuleStatus> Current
    {
        get
        {
            lock (_lock)
            {
                return [.. _states];
            }
        }
    }

    public void Add(ModuleStatus status)
    {
        lock (_lock)
        {
            _states.Add(status);
        }
    }

    public ModuleStatus Get(string instance)
    {
        lock (_lock)
        {
            return _states.First(s => s.Instance == instance);
        }
    }

    /// <summary>Sets an instance's state; <paramref name="error"/> null keeps the last error.</summary>
    public ModuleStatus Set(string instance, ModuleState state, string? error, DateTimeOffset now)
    {
        ModuleStatus updated;
        lock (_lock)
        {
            var index = _states.FindIndex(s => s.Instance == instance);
            var old = _states[index];
            updated = old with { State = state, LastError = error ?? old.LastError, Since = old.State == state && error is null ? old.Since : now };
            _states[index] = updated;
        }

        Changed?.Invoke(this, updated);
        return updated;
    }
}
