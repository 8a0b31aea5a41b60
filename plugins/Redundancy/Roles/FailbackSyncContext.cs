using N3Host.Plugins.Redundancy.Peer;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>What the hand-over knows: the backup that is standby now, its term, and the link to it.</summary>
/// <param name="NewPairing">
/// The pair agreed at this link's handshake that it is a new pairing (a redundancy mode change on either node): the
/// primary's configuration and stored data overwrite the backup's instead of merging.
/// </param>
internal sealed record FailbackSyncContext(string PeerNode, long PeerTerm, PeerConnection Link, bool BackupWasActive, bool NewPairing = false);
