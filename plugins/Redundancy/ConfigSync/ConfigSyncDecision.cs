using System.Globalization;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>
/// The rule both nodes apply to the same two revisions, so they agree without a round trip: after a redundancy mode change the
/// primary's configuration wins whatever the revisions; otherwise the higher counter wins; equal counters with the same content are
/// in sync; equal counters with different content (both nodes edited while apart) are a conflict the primary wins.
/// </summary>
/// <param name="Action">Which way the configuration goes.</param>
/// <param name="Reason">Why, for the log and the status.</param>
internal sealed record ConfigSyncDecision(ConfigSyncAction Action, string Reason)
{
    /// <param name="primary">The primary's revision.</param>
    /// <param name="backup">The backup's revision.</param>
    /// <param name="modeChanged">
    /// True after a redundancy mode change on either node (a new pairing): the primary overwrites the backup. Set by the mode-change
    /// detection through <see cref="PairConfigSync.ModeChanged"/> (and the peer's <c>modeChanged</c> flag); false otherwise.
    /// </param>
    public static ConfigSyncDecision Decide(ConfigurationRevision primary, ConfigurationRevision backup, bool modeChanged)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(backup);
        var both = string.Create(CultureInfo.InvariantCulture, $"primary revision {primary.Counter} by {primary.Node}, backup revision {backup.Counter} by {backup.Node}");
        if (modeChanged)
        {
            return SameContent(primary, backup)
                ? new ConfigSyncDecision(ConfigSyncAction.InSync, $"redundancy mode change; the configurations are already equal ({both})")
                : new ConfigSyncDecision(ConfigSyncAction.PrimaryToBackup, $"redundancy mode change: the primary's configuration overwrites the backup's whatever the revisions ({both})");
        }

        if (primary.Counter > backup.Counter)
        {
            return new ConfigSyncDecision(ConfigSyncAction.PrimaryToBackup, $"the primary's is newer ({both})");
        }

        if (backup.Counter > primary.Counter)
        {
            return new ConfigSyncDecision(ConfigSyncAction.BackupToPrimary, $"the backup's is newer ({both})");
        }

        return SameContent(primary, backup)
            ? new ConfigSyncDecision(ConfigSyncAction.InSync, $"same revision ({both})")
            : new ConfigSyncDecision(ConfigSyncAction.PrimaryToBackup, $"conflict: both nodes made revision {primary.Counter} with different content; the primary's wins ({both})");
    }

    private static bool SameContent(ConfigurationRevision a, ConfigurationRevision b) => string.Equals(a.Hash, b.Hash, StringComparison.Ordinal);
}
