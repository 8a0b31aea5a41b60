namespace JournalPlugin;

/// <summary>The status section: what the journal holds now, and what it held when the node last became active (null before).</summary>
public sealed record JournalStatus(JournalSummary Now, ActivationSnapshot? AtActivation);
