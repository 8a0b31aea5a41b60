namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// The type byte of a frame on the pair's link (the frame format is <see cref="N3Host.Transport.Framing.Frames"/>'s): the
/// link routes each frame by it, never by looking into the payload.
/// </summary>
internal enum PeerFrameType : byte
{
    /// <summary>A message of the role protocol (<see cref="Messages.PeerMessage"/>, UTF-8 JSON): hello, heartbeat, hand-over, configuration.</summary>
    Message = 1,

    /// <summary>A stored-data sync message (<see cref="Sync.SyncCodec"/>), handed to the link's sync session.</summary>
    Sync = 2,
}
