using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>A role gate a test can set (standalone and active until then).</summary>
internal sealed class TestRoleGate(TimeProvider time) : IRoleGate, IRoleController
{
    private RoleState _current = new(RedundancyMode.Standalone, NodeRole.Active, 0, "standalone", time.GetUtcNow());

    public RoleState Current => Volatile.Read(ref _current);

    public event EventHandler<RoleState>? Changed;

    public void Set(RoleState state)
    {
        Volatile.Write(ref _current, state);
        Changed?.Invoke(this, state);
    }

    public void Dispose()
    {
    }
}
