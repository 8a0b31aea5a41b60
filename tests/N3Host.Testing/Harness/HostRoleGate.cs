using N3Host.Contracts;
using N3Host.Roles;

namespace N3Host.Testing.Harness;

/// <summary>
/// The host's real role gate for in-process module tests: standalone and active until the test (or a module) takes
/// control, one controller at a time, the freshness check and the refused-publish count exactly as on a running node.
/// </summary>
public sealed class HostRoleGate : IRoleGate
{
    private readonly RoleGate _gate;
    private readonly TimeProvider _time;
    private IRoleController? _test;

    public HostRoleGate(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _gate = new RoleGate(_time);
    }

    public RoleState Current => _gate.Current;

    public event EventHandler<RoleState>? Changed
    {
        add => _gate.Changed += value;
        remove => _gate.Changed -= value;
    }

    /// <summary>Values of ActiveOnly modules the gate refused because the node was no longer active.</summary>
    public long RefusedPublishes => _gate.RefusedPublishes;

    /// <summary>Gives control to a module instance, as the host's <c>AcquireRoleControl</c> does; throws if the test or another holds it.</summary>
    public IRoleController Acquire(string owner) => _gate.Acquire(owner);

    /// <summary>Sets the role as a redundancy module would (the test takes control the first time).</summary>
    public void Set(RoleState state)
    {
        _test ??= _gate.Acquire("the test");
        _test.Set(state);
    }

    /// <summary>Sets the mode, role and term, now.</summary>
    public void Set(RedundancyMode mode, NodeRole role, long term) =>
        Set(new RoleState(mode, role, term, "set by the test", _time.GetUtcNow()));
}
