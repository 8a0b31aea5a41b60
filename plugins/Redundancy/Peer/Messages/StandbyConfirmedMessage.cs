namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>Backup to primary: it is standby now; the primary may hand over and go active.</summary>
internal sealed record StandbyConfirmedMessage(long Term) : PeerMessage;
