using System.Buffers;
using System.Threading.Channels;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Transport.Framing;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// The framed message protocol over one peer channel: a read loop that hands each frame to the caller by its type
/// (<see cref="PeerFrameType.Message"/>: the pair's JSON messages; <see cref="PeerFrameType.Sync"/>: the stored-data sync),
/// and a writer loop that drains an outbox, so senders (role changes, timers, the sync) never wait for I/O.
/// </summary>
internal sealed class PeerConnection(IPeerChannel channel, int maxFrameSize)
{
    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();
    private string? _closeReason;
    private string? _closeAfterSendReason;
    private string? _refusal;
    private long _framesReceived;

    public IPeerChannel PeerChannel => channel;

    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Why this end refused the peer from its frames alone (an older node's frame format), or null.</summary>
    public string? Refusal => Volatile.Read(ref _refusal);

    /// <summary>Queues a message; false once the connection is closing.</summary>
    public bool Send(PeerMessage message) => _outbox.Writer.TryWrite(new(PeerFrameType.Message, PeerMessageSerializer.Serialize(message)));

    /// <summary>Queues an encoded sync message; false once the connection is closing.</summary>
    public bool SendSync(ReadOnlyMemory<byte> payload) => _outbox.Writer.TryWrite(new(PeerFrameType.Sync, payload));

    /// <summary>Queues a last message, then closes once it is written.</summary>
    public void SendAndClose(PeerMessage message, string reason) =>
        QueueLast(new(PeerFrameType.Message, PeerMessageSerializer.Serialize(message)), reason);

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
        catch (Exception e) when (e is PeerProtocolException or FrameProtocolException)
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

    private void QueueLast(Outgoing last, string reason)
    {
        Interlocked.CompareExchange(ref _closeAfterSendReason, reason, null);
        if (!_outbox.Writer.TryWrite(last) || !_outbox.Writer.TryComplete())
        {
            Close(reason);
        }
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
                while (Refusal is null && Frames.TryDecode(ref buffer, maxFrameSize, out var type, out var payload))
                {
                    consumed = buffer.Start;
                    Interlocked.Increment(ref _framesReceived);
                    switch ((PeerFrameType)type)
                    {
                        case PeerFrameType.Message:
                            onMessage(PeerMessageSerializer.Deserialize(payload));
                            break;
                        case PeerFrameType.Sync:
                            onSyncFrame(payload);
                            break;
                        case (PeerFrameType)LegacyFrames.JsonStart:
                            RefuseLegacyPeer();
                            break;
                        default:
                            throw new PeerProtocolException($"unknown frame type {type}");
                    }
                }

                if (Refusal is not null)
                {
                    // Refused: what else comes is not read; the connection closes once the refusal is written.
                    buffer = buffer.Slice(buffer.End);
                    consumed = buffer.End;
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

    /// <summary>An older node's hello: it is told why in its own format, and the connection closes once that is written.</summary>
    private void RefuseLegacyPeer()
    {
        const string reason = LegacyFrames.Refusal;
        Volatile.Write(ref _refusal, reason);
        var old = new ArrayBufferWriter<byte>();
        LegacyFrames.WriteRefused(old, reason);
        QueueLast(new(null, old.WrittenMemory), reason);
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var output = channel.Output;
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_outbox.Reader.TryRead(out var frame))
                {
                    if (frame.Type is { } type)
                    {
                        Frames.Write(output, (byte)type, frame.Payload.Span);
                    }
                    else
                    {
                        output.Write(frame.Payload.Span);
                    }
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

    /// <summary>One frame in the outbox; a null type: bytes already framed (the refusal of an older node).</summary>
    private readonly record struct Outgoing(PeerFrameType? Type, ReadOnlyMemory<byte> Payload);
}
