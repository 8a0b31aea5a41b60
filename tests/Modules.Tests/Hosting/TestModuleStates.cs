using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>No other instances: the module under test runs alone.</summary>
internal sealed class TestModuleStates : IModuleStates
{
    public IReadOnlyList<ModuleStatus> Current => [];

    public event EventHandler<ModuleStatus>? Changed
    {
        add { }
        remove { }
    }
}
