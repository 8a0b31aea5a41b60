namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>One journal of an overwrite: its name and how many records this node held of it when the overwrite was announced.</summary>
public sealed record OverwriteJournal(string Journal, long Records);
