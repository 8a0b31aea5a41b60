using N3Host.Contracts;

namespace Historian.Tests.Hosting;

/// <summary>The host side: a standalone role gate with a settable term.</summary>
internal sealed class TestRoleGate : IRoleGate
{
    public RoleState Current { get; set; } = new(RedundancyMode.Standalone, NodeRole.Active, 0, "standalone", DateTimeOffset.UnixEpoch);

    public event EventHandler<RoleState>? Changed;

    public void Set(RoleState state)
    {
        Current = state;
        Changed?.Invoke(this, state);
    }
}
