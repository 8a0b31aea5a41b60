namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>One sequence space as held in a local journal.</summary>
/// <param name="StoredAs">The origin name the records are stored under here (the origin, or <c>origin~epoch</c> for a diverged space).</param>
/// <param name="Cursor">The space's identity and how far it is held.</param>
internal sealed record SequenceSpace(string StoredAs, SpaceCursor Cursor);
