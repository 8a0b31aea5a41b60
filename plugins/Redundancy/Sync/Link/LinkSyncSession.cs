using System.Buffers;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Roles;

namespace N3Host.Plugins.Redundancy.Sync.Link;

/// <summary>
/// The sync of one paired link: a <see cref="FrameSyncChannel"/> over the link's frames (frames that arrive before the
/// session starts wait in it), and the session once the previous link's session has ended.
/// </summary>
internal sealed class LinkSyncSession(PeerConnection connection, string peerNode, bool newPairing) : ILinkSync
{
    private readonly TaskCompletionSource<SyncSession> _session = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closed;

    public PeerConnection Connection { get; } = connection;

    public string PeerNode { get; } = peerNode;

    /// <summary>The pair agreed this is a new pairing: the primary's stored data overwrite the backup's.</summary>
    public bool NewPairing { get; } = newPairing;

    public FrameSyncChannel Channel { get; } = new((frame, _) =>
    {
        connection.SendSync(frame);
        return ValueTask.CompletedTask;
    });

    /// <summary>The running session; fails with <see cref="SyncSessionEndedException"/> if the link closed before it started.</summary>
    public Task<SyncSession> Session => _session.Task;

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    public void Deliver(ReadOnlySequence<byte> payload) => Channel.Deliver(payload);

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Channel.Complete();
        }
    }

    public void Started(SyncSession session) => _session.TrySetResult(session);

    public void NotStarted(string reason)
    {
        _session.TrySetException(new SyncSessionEndedException(reason));
        _ = _session.Task.Exception;
    }
}
