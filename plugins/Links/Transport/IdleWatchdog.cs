namespace N3Host.Plugins.Links;

/// <summary>Cancels a connection that received nothing for <c>timeout</c>; checked on the node's <see cref="TimeProvider"/>.</summary>
internal sealed class IdleWatchdog : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _expired = new();
    private readonly ITimer _timer;
    private long _lastHeard;

    public IdleWatchdog(TimeProvider time, TimeSpan timeout)
    {
        _time = time;
        _timeout = timeout;
        _lastHeard = time.GetTimestamp();
        var period = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 4, TimeSpan.FromMilliseconds(5).Ticks));
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>Cancelled once the peer was silent for the timeout.</summary>
    public CancellationToken Expired => _expired.Token;

    public bool HasExpired => _expired.IsCancellationRequested;

    public void Heard() => Interlocked.Exchange(ref _lastHeard, _time.GetTimestamp());

    /// <summary>How long ago the peer was last heard.</summary>
    public TimeSpan SinceHeard => _time.GetElapsedTime(Interlocked.Read(ref _lastHeard));

    public void Dispose()
    {
        _timer.Dispose();
        _expired.Dispose();
    }

    private void Check()
    {
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastHeard)) >= _timeout)
        {
            try
            {
                _expired.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The connection ended while the timer fired.
            }
        }
    }
}
