namespace N3Host.Contracts;

/// <summary>A page of raw values.</summary>
/// <param name="Samples">The values, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null when there is none.</param>
public sealed record HistoryPage(IReadOnlyList<HistorySample> Samples, string? NextCursor);
