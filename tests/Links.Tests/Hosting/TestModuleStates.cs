using N3Host.Contracts;

namespace Links.Tests.Hosting;

/// <summary>The host side: no other module runs in these tests.</summary>
public sealed class TestModuleStates : IModuleStates
{
    public IReadOnlyList<ModuleStatus> Current => [];

    public event EventHandler<ModuleStatus>? Changed
    {
        add { }
        remove { }
    }
}
