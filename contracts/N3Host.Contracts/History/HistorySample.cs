namespace N3Host.Contracts;

/// <summary>One stored value.</summary>
/// <param name="Time">The value's source time.</param>
/// <param name="Value">The value.</param>
public sealed record HistorySample(DateTimeOffset Time, TagValue Value)
{
    /// <summary>This value lost to another at the same tag and time (the higher term wins); only in an audit query (contracts 1.3).</summary>
    public bool Superseded { get; init; }
}
