using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>Module states as the host keeps them; tests change them to see them published.</summary>
public sealed class TestModuleStates : IModuleStates
{
    private readonly Lock _lock = new();
    private readonly List<ModuleStatus> _current = [];

    public IReadOnlyList<ModuleStatus> Current
    {
        get
        {
            lock (_lock)
            {
                return [.. _current];
            }
        }
    }

    public event EventHandler<ModuleStatus>? Changed;

    public void Set(ModuleStatus status)
    {
        lock (_lock)
        {
            var index = _current.FindIndex(s => s.Instance == status.Instance);
            if (index >= 0)
            {
                _current[index] = status;
            }
            else
            {
                _current.Add(status);
            }
        }

        Changed?.Invoke(this, status);
    }
}
