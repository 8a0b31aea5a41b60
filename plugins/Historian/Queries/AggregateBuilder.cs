using N3Host.Contracts;

namespace N3Host.Plugins.Historian.Queries;

/// <summary>
/// Folds values, fed in time order, into aggregates per interval (min, max, avg, count, first, last).
/// Numbers and booleans count; text values and values of bad quality are left out. Empty intervals are left out.
/// </summary>
internal sealed class AggregateBuilder
{
    private readonly long _fromTicks;
    private readonly long _intervalTicks;
    private readonly List<HistoryAggregate> _result = [];
    private long _bucket = -1;
    private long _count;
    private double _min;
    private double _max;
    private double _sum;
    private double _first;
    private double _last;

    /// <summary>Starts aggregating intervals of <paramref name="interval"/> from <paramref name="from"/>.</summary>
    public AggregateBuilder(DateTimeOffset from, TimeSpan interval)
    {
        _fromTicks = from.UtcTicks;
        _intervalTicks = interval.Ticks;
    }

    /// <summary>True if a value of this kind and quality takes part in aggregates.</summary>
    public static bool Counts(TagValueKind kind, TagQuality quality) => kind != TagValueKind.Text && quality != TagQuality.Bad;

    /// <summary>Adds a value; values must come in time order.</summary>
    public void Add(long utcTicks, double value)
    {
        var bucket = (utcTicks - _fromTicks) / _intervalTicks;
        if (bucket != _bucket)
        {
            Close();
            _bucket = bucket;
            _count = 0;
            _sum = 0;
            _min = double.PositiveInfinity;
            _max = double.NegativeInfinity;
            _first = value;
        }

        _count++;
        _sum += value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _last = value;
    }

    /// <summary>The aggregates, oldest interval first.</summary>
    public IReadOnlyList<HistoryAggregate> Complete()
    {
        Close();
        _bucket = -1;
        return _result;
    }

    private void Close()
    {
        if (_bucket < 0 || _count == 0)
            return;
        var start = new DateTimeOffset(_fromTicks + (_bucket * _intervalTicks), TimeSpan.Zero);
        _result.Add(new HistoryAggregate(start, start.AddTicks(_intervalTicks), _count, _min, _max, _sum / _count, _first, _last));
        _count = 0;
    }
}
