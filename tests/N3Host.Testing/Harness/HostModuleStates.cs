using N3Host.Contracts;
using N3Host.Node;

namespace N3Host.Testing.Harness;

/// <summary>
/// The host's real list of module states for in-process tests: empty (the module under test runs alone) until the test
/// sets an instance's state, which tells every <see cref="IModuleStates.Changed"/> handler as the supervisor does.
/// </summary>
public sealed class HostModuleStates : IModuleStates
{
    private readonly ModuleStates _states = new();

    public IReadOnlyList<ModuleStatus> Current => _states.Current;

    public event EventHandler<ModuleStatus>? Changed
    {
        add => _states.Changed += value;
        remove => _states.Changed -= value;
    }

    /// <summary>Adds or replaces an instance's state, as the supervisor does when it changes.</summary>
    public void Set(ModuleStatus status) => _states.Replace(status);
}
