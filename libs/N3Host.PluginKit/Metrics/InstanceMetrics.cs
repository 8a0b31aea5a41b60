using System.Diagnostics.Metrics;

namespace N3Host.PluginKit.Metrics;

/// <summary>
/// A module's metrics (<c>GET /metrics</c>, docs/monitoring.md): observable instruments on one <see cref="Meter"/> per module,
/// created once, whose values are read at each scrape from the status snapshot of every instance running now, each value
/// labelled with the instance's name (<c>name</c>; Prometheus reserves <c>instance</c> for the scraped target). An instance
/// <see cref="Track">tracks</see> itself while it exists; a module keeps one of these in a static field, so instruments are never
/// created twice when an instance restarts. A read that returns null skips that instance (a value it does not have).
/// </summary>
/// <typeparam name="TSnapshot">The status snapshot the instruments read.</typeparam>
public sealed class InstanceMetrics<TSnapshot>
    where TSnapshot : class
{
    /// <summary>The label that names the instance (its name in modules.json).</summary>
    public const string NameLabel = "name";

    private readonly Meter _meter;
    private readonly Lock _lock = new();
    private Source[] _sources = [];

    /// <param name="meterName">The module's meter, <c>N3Host.&lt;Module&gt;</c> (the node exports every meter named so).</param>
    public InstanceMetrics(string meterName) => _meter = new Meter(meterName);

    /// <summary>A monotonic total (exported with <c>_total</c>); <paramref name="unit"/> as UCUM (<c>By</c>) or a <c>{annotation}</c>.</summary>
    public InstanceMetrics<TSnapshot> Counter(string name, string unit, string description, Func<TSnapshot, long?> read)
    {
        _meter.CreateObservableCounter(name, () => Observe(read, []), unit, description);
        return this;
    }

    /// <summary>A monotonic total per value of <paramref name="label"/> (a direction, say).</summary>
    public InstanceMetrics<TSnapshot> Counter(string name, string unit, string description, string label, params (string Value, Func<TSnapshot, long?> Read)[] series)
    {
        _meter.CreateObservableCounter(name, () => series.SelectMany(s => Observe(s.Read, [new(label, s.Value)])).ToList(), unit, description);
        return this;
    }

    /// <summary>A value that goes up and down.</summary>
    public InstanceMetrics<TSnapshot> Gauge(string name, string? unit, string description, Func<TSnapshot, long?> read)
    {
        _meter.CreateObservableGauge(name, () => Observe(read, []), unit, description);
        return this;
    }

    /// <summary>1 while <paramref name="read"/> says true, 0 while false.</summary>
    public InstanceMetrics<TSnapshot> Flag(string name, string description, Func<TSnapshot, bool?> read) =>
        Gauge(name, null, description, s => read(s) is { } value ? (value ? 1 : 0) : null);

    /// <summary>Reads <paramref name="snapshot"/> at each scrape, as instance <paramref name="instance"/>, until the result is disposed.</summary>
    public IDisposable Track(string instance, Func<TSnapshot?> snapshot)
    {
        var source = new Source(instance, snapshot);
        lock (_lock)
        {
            _sources = [.. _sources, source];
        }

        return new Registration(this, source);
    }

    private List<Measurement<long>> Observe(Func<TSnapshot, long?> read, KeyValuePair<string, object?>[] extra)
    {
        var measurements = new List<Measurement<long>>();
        foreach (var source in Volatile.Read(ref _sources))
        {
            if (source.Snapshot() is { } snapshot && read(snapshot) is { } value)
            {
                measurements.Add(new Measurement<long>(value, [new(NameLabel, source.Instance), .. extra]));
            }
        }

        return measurements;
    }

    private void Remove(Source source)
    {
        lock (_lock)
        {
            _sources = [.. _sources.Where(s => !ReferenceEquals(s, source))];
        }
    }

    private sealed record Source(string Instance, Func<TSnapshot?> Snapshot);

    private sealed class Registration(InstanceMetrics<TSnapshot> owner, Source source) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(source);
            }
        }
    }
}
