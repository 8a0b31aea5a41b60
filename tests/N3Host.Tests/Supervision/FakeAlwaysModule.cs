using N3Host.Contracts;

namespace N3Host.Tests.Supervision;

[N3Module("FakeAlways", Follows = RoleFollowing.Always)]
public sealed class FakeAlwaysModule(IModuleContext context) : FakeModule(context);
