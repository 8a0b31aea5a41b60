namespace N3Host.Plugins.Links;

/// <summary>A counter with its rate per second since the previous reading.</summary>
internal sealed class RateMeter(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _total;
    private long _lastTotal;
    private long _lastTimestamp = time.GetTimestamp();
    private double _lastRate;

    public long Total => Interlocked.Read(ref _total);

    public void Add(long count) => Interlocked.Add(ref _total, count);

    /// <summary>Values per second since the previous call (the previous figure if called again within 100 ms).</summary>
    public double PerSecond()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(_lastTimestamp, now);
            if (elapsed < TimeSpan.FromMilliseconds(100))
            {
                return _lastRate;
            }

            var total = Total;
            _lastRate = Math.Round((total - _lastTotal) / elapsed.TotalSeconds, 1);
            _lastTotal = total;
            _lastTimestamp = now;
            return _lastRate;
        }
    }
}
