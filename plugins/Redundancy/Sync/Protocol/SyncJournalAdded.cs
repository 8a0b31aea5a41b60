namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>A journal was registered on the sender after its hello (or registered again): what the sender holds of it.</summary>
/// <param name="Journal">What the sender holds of the journal.</param>
public sealed record SyncJournalAdded(JournalCursor Journal) : SyncMessage;
