using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>
/// The sender's shared configuration and its revision: sent by each node when the link is paired and after every change of its
/// revision. <paramref name="ModeChanged"/>: the sender saw a redundancy mode change (a new pairing), so the primary's configuration
/// overwrites the backup's whatever the revisions.
/// </summary>
internal sealed record ConfigSnapshotMessage(SharedConfiguration Config, bool ModeChanged) : PeerMessage;
