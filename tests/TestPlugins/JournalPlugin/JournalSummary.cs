namespace JournalPlugin;

/// <summary>The status section: the journal's name, its records in all, and per origin what it holds.</summary>
public sealed record JournalSummary(string Journal, long Total, IReadOnlyDictionary<string, OriginSummary> Origins);
