namespace JournalPlugin;

/// <summary>What the journal held when the node last became active: when, in which term, and the summary.</summary>
public sealed record ActivationSnapshot(DateTimeOffset At, long Term, JournalSummary Journal);
