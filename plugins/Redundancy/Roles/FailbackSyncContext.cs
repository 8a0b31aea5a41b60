using N3Host.Plugins.Redundancy.Peer;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>What the hand-over knows: the backup that is standby now, its term, and the link to it.</summary>
internal sealed record FailbackSyncContext(string PeerNode, long PeerTerm, PeerConnection Link, bool BackupWasActive);
