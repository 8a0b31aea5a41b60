namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// The transport a sync session talks over: an ordered, reliable duplex of messages (the peer link, an in-memory pipe
/// in tests). One reader and one writer at a time.
/// </summary>
public interface ISyncChannel
{
    /// <summary>Sends a message; throws when the channel is closed.</summary>
    ValueTask SendAsync(SyncMessage message, CancellationToken cancellationToken);

    /// <summary>The next message from the peer; null when the peer closed the channel.</summary>
    ValueTask<SyncMessage?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the channel closed (either end), even while nobody reads it.</summary>
    Task Closed { get; }
}
