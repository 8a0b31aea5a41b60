using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>One tag on the bus: its latest value and its route to the subscribers.</summary>
internal sealed class TagEntry
{
    private readonly Lock _lock = new();
    private TagValue _latest;
    private bool _hasValue;

    public TagRoute? Route { get; set; }

    public void SetLatest(TagValue value)
    {
        lock (_lock)
        {
            _latest = value;
            _hasValue = true;
        }
    }

    public bool TryGetLatest(out TagValue value)
    {
        lock (_lock)
        {
            value = _latest;
            return _hasValue;
        }
    }
}
