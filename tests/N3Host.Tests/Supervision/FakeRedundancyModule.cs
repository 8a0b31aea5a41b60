using N3Host.Contracts;

namespace N3Host.Tests.Supervision;

/// <summary>An Always module that takes the role gate's control, as the redundancy core does.</summary>
[N3Module("FakeRedundancy", Follows = RoleFollowing.Always)]
public sealed class FakeRedundancyModule : FakeModule
{
    public FakeRedundancyModule(IModuleContext context)
        : base(context)
    {
        Controller = context.AcquireRoleControl();
        context.Services.Add(this);
        if (context.Settings["startAs"] == "standby")
        {
            Controller.Set(new RoleState(RedundancyMode.Backup, NodeRole.Standby, 1, "backup waits", context.Time.GetUtcNow()));
        }
    }

    public IRoleController Controller { get; }

    public void Set(NodeRole role, long term) =>
        Controller.Set(new RoleState(RedundancyMode.Backup, role, term, "test", Context.Time.GetUtcNow()));
}
