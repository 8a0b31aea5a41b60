using N3Host.Contracts;

namespace N3Host.Tests.Supervision;

[N3Module("FakeActive")]
public sealed class FakeActiveModule(IModuleContext context) : FakeModule(context);
