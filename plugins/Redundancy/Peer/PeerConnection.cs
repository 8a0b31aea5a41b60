using System.Buffers;
using System.Threading.Channels;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Sync;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// The framed message protocol over one peer channel: a read loop that hands each message to the caller,
/// and a writer loop that drains an outbox, so senders (role changes, timers, the stored-data sync) never wait for I/O.
/// Frames whose first byte is a sync message type (<see cref="FrameSyncChannel.IsSyncFrame(ReadOnlySequence{byte})"/>)
/// go to the sync handler; the rest are the pair's JSON messages.
/// </summary>
internal sealed class PeerConnection(IPeerChannel channel, int maxFrameSize)
{
    private readonly Channel<ReadOnlyMemory<byte>> _outbox = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private string? _closeReason;
    private string? _closeAfterSendReason;

    public IPeerChannel PeerChannel => channel;

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    private long _framesReceived;

    /// <summary>Queues a message; false once the connection is closing.</summary>
    public bool Send(PeerMessage message) => _outbox.Writer.TryWrite(PeerMessageSerializer.Serialize(message));

    /// <summary>Queues an encoded frame payload (a sync message); false once the connection is closing.</summary>
    public bool SendFrame(ReadOnlyMemory<byte> payload) => _outbox.Writer.TryWrite(payload);

    /// <summary>Queues a last message, then closes once it is written.</summary>
    public void SendAndClose(PeerMessage message, string reason)
    {
        Interlocked.CompareExchange(ref _closeAfterSendReason, reason, null);
        if (!_outbox.Writer.TryWrite(PeerMessageSerializer.Serialize(message)) || !_outbox.Writer.TryComplete())
        {
            Close(reason);
        }
    }

    /// <summary>Closes the connection; the first reason given is the one reported.</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is null)
        {
            _outbox.Writer.TryComplete();
            _closed.Cancel();
        }
    }

    /// <summary>
    /// Runs until the connection ends; returns why it ended. <paramref name="onEnded"/> is told as soon as the read
    /// side ends, before the connection is torn down, so a failover does not wait for the teardown.
    /// </summary>
    public Task<string> RunAsync(Action<PeerMessage> onMessage, Action<string> onEnded, CancellationToken cancellationToken) =>
        RunAsync(onMessage, static _ => { }, onEnded, cancellationToken);

    /// <summary>As <see cref="RunAsync(Action{PeerMessage}, Action{string}, CancellationToken)"/>, handing sync frames to <paramref name="onSyncFrame"/> (valid only during the call).</summary>
    public async Task<string> RunAsync(Action<PeerMessage> onMessage, Action<ReadOnlySequence<byte>> onSyncFrame, Action<string> onEnded, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var writer = WriteLoopAsync(linked.Token);
        string reason;
        try
        {
            reason = await ReadLoopAsync(onMessage, onSyncFrame, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = _closeReason ?? "the node is stopping";
        }
        catch (PeerProtocolException e)
        {
            reason = "protocol error: " + e.Message;
            await channel.Input.CompleteAsync(e).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            reason = "connection lost: " + e.Message;
        }

        onEnded(_closeReason ?? reason);
        Close(reason);
        try
        {
            await writer.ConfigureAwait(false);
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // Closing a connection that is already broken.
        }

        return _closeReason ?? reason;
    }

    private async Task<string> ReadLoopAsync(Action<PeerMessage> onMessage, Action<ReadOnlySequence<byte>> onSyncFrame, CancellationToken cancellationToken)
    {
        var input = channel.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                while (FrameCodec.TryDecode(ref buffer, maxFrameSize, out var payload))
                {
                    if (FrameSyncChannel.IsSyncFrame(payload))
                    {
                        consumed = buffer.Start;
                        Interlocked.Increment(ref _framesReceived);
                        onSyncFrame(payload);
                        continue;
                    }

                    var message = PeerMessageSerializer.Deserialize(payload);
                    consumed = buffer.Start;
                    Interlocked.Increment(ref _framesReceived);
                    onMessage(message);
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? "connection closed by the peer" : "connection closed by the peer in the middle of a frame";
                }
            }
            finally
            {
                input.AdvanceTo(consumed, buffer.End);
            }
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var output = channel.Output;
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_outbox.Reader.TryRead(out var payload))
                {
                    FrameCodec.Encode(output, payload.Span);
                }

                var flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }

            if (_closeAfterSendReason is { } reason)
            {
                Close(reason);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Close("connection lost while sending: " + e.Message);
        }
    }
}
