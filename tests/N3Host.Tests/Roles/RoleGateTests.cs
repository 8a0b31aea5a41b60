using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Roles;
using Xunit;

namespace N3Host.Tests.Roles;

public sealed class RoleGateTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void WithoutAController_TheNodeIsStandaloneAndActive()
    {
        var gate = new RoleGate(_time);

        Assert.Equal(RedundancyMode.Standalone, gate.Current.Mode);
        Assert.True(gate.Current.IsActive);
        Assert.Null(gate.Holder);
    }

    [Fact]
    public void Controller_SetsTheRole_AndEveryChangeIsAnnounced()
    {
        var gate = new RoleGate(_time);
        var heard = new List<RoleState>();
        gate.Changed += (_, s) => heard.Add(s);
        using var controller = gate.Acquire("redundancy");

        var standby = new RoleState(RedundancyMode.Backup, NodeRole.Standby, 3, "primary is up", _time.GetUtcNow());
        controller.Set(standby);

        Assert.Equal(standby, gate.Current);
        Assert.Equal([standby], heard);
        Assert.Equal("redundancy", gate.Holder);
    }

    [Fact]
    public void OnlyOneModule_MayHoldControl_UntilItReleasesIt()
    {
        var gate = new RoleGate(_time);
        var first = gate.Acquire("r1");

        var refused = Assert.Throws<InvalidOperationException>(() => gate.Acquire("r2"));
        Assert.Equal("role control is already held by instance \"r1\": only one module may control the node's role", refused.Message);

        first.Dispose();
        using var second = gate.Acquire("r2");
        Assert.Throws<InvalidOperationException>(() => first.Set(gate.Current with { Role = NodeRole.Standby }));
        Assert.True(gate.Current.IsActive);
    }
}
