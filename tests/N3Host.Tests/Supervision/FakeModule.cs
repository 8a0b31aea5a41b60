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
