using N3Host.Contracts;

namespace FaultyPlugin;

/// <summary>
/// A module that fails on purpose. Settings: <c>throwIn</c> = constructor | start | later | none,
/// <c>laterMs</c> (for later: how long it runs before it reports a fault), <c>failures</c> (how many incarnations
/// fail before it behaves; default: all). Publishes <c>&lt;instance&gt;/incarnation</c> when it runs.
/// </summary>
[N3Module("FaultyPlugin", Description = "Test plugin that throws where its settings say")]
public sealed class FaultyModule : IModule, IDisposable
{
    private static readonly Dictionary<string, int> Incarnations = [];
    private readonly string _throwIn;
    private readonly int _incarnation;
    private readonly bool _fails;
    private ITimer? _timer;

    public FaultyModule(IModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (Incarnations)
        {
            Incarnations[context.InstanceName] = _incarnation = Incarnations.GetValueOrDefault(context.InstanceName) + 1;
        }

        _throwIn = context.Settings["throwIn"] ?? "none";
        _fails = _incarnation <= (int.TryParse(context.Settings["failures"], out var failures) ? failures : int.MaxValue);
        if (_fails && _throwIn == "constructor")
        {
            throw new InvalidOperationException($"faulty constructor (incarnation {_incarnation})");
        }
    }

    public async Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_fails && _throwIn == "start")
        {
            throw new InvalidOperationException($"faulty start (incarnation {_incarnation})");
        }

        await context.Tags.PublishAsync(TagValue.FromNumber($"{context.InstanceName}/incarnation", _incarnation, context.Time.GetUtcNow()), cancellationToken);
        if (_fails && _throwIn == "later")
        {
            var after = TimeSpan.FromMilliseconds(int.TryParse(context.Settings["laterMs"], out var ms) ? ms : 300);
            _timer = context.Time.CreateTimer(
                _ => context.ReportFault(new InvalidOperationException($"faulty while running (incarnation {_incarnation})")),
                null, after, Timeout.InfiniteTimeSpan);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
