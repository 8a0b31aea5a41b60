using N3Host.Contracts;

namespace N3Host.Tests.Supervision;

/// <summary>
/// A module for supervisor tests. Settings: <c>throwIn</c> = constructor | start | stop; <c>failures</c> = how many
/// incarnations fail (default all). Records what happens and keeps its context so tests can call ReportFault.
/// </summary>
public abstract class FakeModule : IModule
{
    private static readonly Dictionary<string, int> Counts = [];
    private readonly Recorder _recorder;
    private readonly string _name;
    private readonly bool _fails;
    private readonly string? _throwIn;

    protected FakeModule(IModuleContext context)
    {
        _recorder = context.Services.Get<Recorder>()!;
        _name = context.InstanceName;
        var key = context.Node.DataDirectory + "|" + _name;
        int incarnation;
        lock (Counts)
        {
            Counts[key] = incarnation = Counts.GetValueOrDefault(key) + 1;
        }

        Context = context;
        _throwIn = context.Settings["throwIn"];
        _fails = incarnation <= (int.TryParse(context.Settings["failures"], out var failures) ? failures : int.MaxValue);
        _recorder.Add($"{_name}:new");
        _recorder.Created(_name, this);
        if (_fails && _throwIn == "constructor")
        {
            throw new InvalidOperationException($"{_name} constructor broke");
        }
    }

    public IModuleContext Context { get; }

    public Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        _recorder.Add($"{_name}:start");
        if (_fails && _throwIn == "start")
        {
            throw new InvalidOperationException($"{_name} start broke");
        }

        OnStarted(context);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _recorder.Add($"{_name}:stop");
        return _fails && _throwIn == "stop" ? throw new InvalidOperationException($"{_name} stop broke") : Task.CompletedTask;
    }

    protected virtual void OnStarted(IModuleContext context)
    {
        context.Services.Get<Recorder>();
    }
}

[N3Module("FakeActive")]
public sealed class FakeActiveModule(IModuleContext context) : FakeModule(context);

[N3Module("FakeAlways", Follows = RoleFollowing.Always)]
public sealed class FakeAlwaysModule(IModuleContext context) : FakeModule(context);

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
