namespace JournalPlugin;

/// <summary>The status section: what the journal holds now, and what it held when the node last became active (null before).</summary>
/// <param name="Now">What the journal holds now.</param>
/// <param name="AtActivation">What it held when the node last became active.</param>
/// <param name="PeriodMs">The running instance's <c>periodMs</c> setting (so tests see which settings the instance runs with).</param>
public sealed record JournalStatus(JournalSummary Now, ActivationSnapshot? AtActivation, long PeriodMs);
