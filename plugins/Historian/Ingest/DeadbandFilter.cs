using N3Host.Contracts;

namespace N3Host.Plugins.Historian.Ingest;

/// <summary>
/// Decides which values are stored: with no deadband every value; with one, a number is stored when it moved by more
/// than the absolute deadband and more than the percentage of the last stored value, when its kind or quality changed,
/// when a boolean or text changed, or when the last stored value is <c>maxInterval</c> old (source time).
/// </summary>
internal sealed class DeadbandFilter
{
    private readonly double _absolute;
    private readonly double _percent;
    private readonly long _maxIntervalTicks;
    private readonly Dictionary<string, TagValue> _lastStored = new(StringComparer.Ordinal);

    /// <summary>Creates the filter; <paramref name="maxInterval"/> zero means no maximum.</summary>
    public DeadbandFilter(double absolute, double percent, TimeSpan maxInterval)
    {
        _absolute = absolute;
        _percent = percent;
        _maxIntervalTicks = maxInterval.Ticks;
    }

    /// <summary>True when the filter lets every value through.</summary>
    public bool PassesAll => _absolute == 0 && _percent == 0;

    /// <summary>True if the value is to be stored (and it becomes the tag's last stored value).</summary>
    public bool ShouldStore(TagValue value)
    {
        if (PassesAll)
            return true;
        if (!_lastStored.TryGetValue(value.Path, out var last) || Differs(last, value))
        {
            _lastStored[value.Path] = value;
            return true;
        }

        return false;
    }

    private bool Differs(TagValue last, TagValue value)
    {
        if (last.Kind != value.Kind || last.Quality != value.Quality)
            return true;
        if (_maxIntervalTicks > 0 && (value.SourceTime - last.SourceTime).Ticks >= _maxIntervalTicks)
            return true;
        if (value.Kind == TagValueKind.Text)
            return !string.Equals(last.Text, value.Text, StringComparison.Ordinal);
        if (value.Kind == TagValueKind.Boolean)
            return last.Number != value.Number;
        if (double.IsNaN(value.Number) || double.IsNaN(last.Number))
            return double.IsNaN(value.Number) != double.IsNaN(last.Number);

        var change = Math.Abs(value.Number - last.Number);
        return change > _absolute && change > Math.Abs(last.Number) * _percent / 100;
    }
}
