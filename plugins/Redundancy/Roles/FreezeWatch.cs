namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// Calls back every <c>period</c> so the coordinator can tell a freeze (the process stopped, the machine suspended) from
/// time passing. On the system clock it is a dedicated thread that sleeps between checks: a thread-pool timer would also
/// fire late whenever the pool is starved on a busy machine, and a starved pool is not a frozen node. On any other
/// <see cref="TimeProvider"/> (tests with a fake clock) it is that provider's timer.
/// </summary>
internal sealed class FreezeWatch : IDisposable
{
    private readonly ITimer? _timer;
    private readonly CancellationTokenSource _stop = new();

    public FreezeWatch(TimeProvider clock, TimeSpan period, Action tick)
    {
        if (!ReferenceEquals(clock, TimeProvider.System))
        {
            _timer = clock.CreateTimer(static s => ((Action)s!)(), tick, period, period);
            return;
        }

        var token = _stop.Token;
        var thread = new Thread(() =>
        {
            while (!token.WaitHandle.WaitOne(period))
            {
                tick();
            }
        })
        {
            IsBackground = true,
            Name = "n3host-freeze-watch",
        };
        thread.Start();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stop.Cancel();
    }
}
