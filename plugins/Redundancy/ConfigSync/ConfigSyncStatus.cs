using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>The <c>config</c> object of the redundancy status and of the retained <c>&lt;prefix&gt;/&lt;node&gt;/redundancy</c> payload.</summary>
/// <param name="State"><c>noPeer</c>, <c>waiting</c> (for the peer's revision), <c>inSync</c>, <c>peerTakes</c> (the peer takes this node's), <c>applying</c>, <c>overwriting</c> (mode change), <c>refused</c>.</param>
/// <param name="Revision">This node's revision.</param>
/// <param name="PeerNode">The peer, while connected.</param>
/// <param name="PeerRevision">The peer's revision, once received.</param>
/// <param name="Decision">Which way the configuration goes and why.</param>
/// <param name="ModeChanged">True while a redundancy mode change makes the primary's configuration overwrite the backup's.</param>
/// <param name="LastApplied">The last configuration taken from the peer.</param>
/// <param name="LastError">Why the last configuration from the peer was refused (nothing changed); null after one was applied.</param>
/// <param name="LastErrorAt">When.</param>
internal sealed record ConfigSyncStatus(
    string State,
    ConfigurationRevision? Revision,
    string? PeerNode,
    ConfigurationRevision? PeerRevision,
    string? Decision,
    bool ModeChanged,
    ConfigSyncApplied? LastApplied,
    string? LastError,
    DateTimeOffset? LastErrorAt);
