using System.Buffers;
using System.Threading.Channels;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// Carries sync messages over an existing framed link (the pair's peer link) next to its own messages. The link
/// sends each encoded sync message as one frame of its sync type through <c>sendFrame</c>, and hands every received frame
/// of that type to <see cref="Deliver"/> (it routes by the frame's type byte, never by the payload). When the link closes
/// it calls <see cref="Complete"/>.
/// </summary>
public sealed class FrameSyncChannel : ISyncChannel
{
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _sendFrame;

    // Unbounded: the peer's flow-control window bounds the batches in flight; the rest are small control messages.
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Creates the channel over a link that sends one frame per call of <paramref name="sendFrame"/>.</summary>
    public FrameSyncChannel(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sendFrame)
    {
        ArgumentNullException.ThrowIfNull(sendFrame);
        _sendFrame = sendFrame;
    }

    /// <summary>Hands a received sync frame over (copied: the link may reuse its buffer). False once completed.</summary>
    public bool Deliver(ReadOnlySequence<byte> payload) => _received.Writer.TryWrite(payload.ToArray());

    /// <summary>The link closed: the session sees the end of the channel (or the error).</summary>
    public void Complete(Exception? error = null)
    {
        _received.Writer.TryComplete(error);
        _closed.TrySetResult();
    }

    /// <inheritdoc />
    public Task Closed => _closed.Task;

    /// <inheritdoc />
    public ValueTask SendAsync(SyncMessage message, CancellationToken cancellationToken) =>
        _sendFrame(SyncCodec.ToArray(message), cancellationToken);

    /// <inheritdoc />
    public async ValueTask<SyncMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (!await _received.Reader.WaitToReadAsync(cancellationToken))
            return null;
        return _received.Reader.TryRead(out var frame) ? SyncCodec.Read(frame) : null;
    }
}
