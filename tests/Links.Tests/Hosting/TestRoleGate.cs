using N3Host.Contracts;

namespace Links.Tests.Hosting;

/// <summary>The host side: a role gate the test sets.</summary>
public sealed class TestRoleGate : IRoleGate
{
    public RoleState Current { get; private set; } = new(RedundancyMode.Standalone, NodeRole.Active, 0, "test", DateTimeOffset.UtcNow);

    public event EventHandler<RoleState>? Changed;

    public void Set(RedundancyMode mode, NodeRole role, long term)
    {
        Current = new RoleState(mode, role, term, "set by the test", DateTimeOffset.UtcNow);
        Changed?.Invoke(this, Current);
    }
}
