namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Everything a node holds of one journal: one cursor per sequence space.</summary>
/// <param name="Journal">The journal's name.</param>
/// <param name="Spaces">The sequence spaces held, each with its last sequence.</param>
public sealed record JournalCursor(string Journal, IReadOnlyList<SpaceCursor> Spaces);
