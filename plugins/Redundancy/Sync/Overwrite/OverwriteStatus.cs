namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// The overwrite of the backup's stored data by the primary's after a redundancy mode change (a new pairing): the
/// <c>overwrite</c> object of status and of the MQTT redundancy topic, published before anything is discarded.
/// </summary>
/// <param name="State"><c>announced</c>, <c>clearing</c>, <c>copying</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Primary">The node whose stored data are kept and copied.</param>
/// <param name="Backup">The node whose stored data are replaced.</param>
/// <param name="Message">What happens, for people.</param>
/// <param name="AnnouncedAt">When it was announced.</param>
/// <param name="CompletedAt">When the backup held everything the primary held; null until then.</param>
/// <param name="Journals">
/// Per journal, the records this node held when it was announced: on the backup, the records discarded; on the primary,
/// the records the backup receives.
/// </param>
/// <param name="Error">Why it stopped, when <paramref name="State"/> is <c>failed</c> (it is resumed at the next connection).</param>
public sealed record OverwriteStatus(
    string State,
    string Primary,
    string Backup,
    string Message,
    DateTimeOffset AnnouncedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<OverwriteJournal> Journals,
    string? Error);
