using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>The host's role gate as far as the redundancy module sees it: one controller at a time, a record of every change.</summary>
public sealed class TestRoleGate(string node, RoleHistory history) : IRoleGate, IRoleController
{
    private readonly Lock _lock = new();
    private bool _held;

    public RoleState Current { get; private set; } = new(RedundancyMode.Standalone, NodeRole.Active, 0, "no redundancy module", DateTimeOffset.UnixEpoch);

    public event EventHandler<RoleState>? Changed;

    public IRoleController Acquire()
    {
        lock (_lock)
        {
            if (_held)
            {
                throw new InvalidOperationException("The role gate is already controlled.");
            }

            _held = true;
            return this;
        }
    }

    public void Set(RoleState state)
    {
        Current = state;
        history.Record(node, state);
        Changed?.Invoke(this, state);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _held = false;
        }
    }
}
