using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Transport.Framing;
using N3Host.Transport.Probing;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Links;

/// <summary>
/// One accepted connection on a link server: a role probe (answered in plain text and closed), or a
/// link: TLS with a trusted client certificate, hello, then values in and acknowledgements out.
/// </summary>
internal sealed class LinkServerConnection(LinkServer server, Socket socket, LinkServerOptions options, IModuleContext context, ILogger logger)
{
    private readonly CancellationTokenSource _closing = new();
    private readonly string _remote = socket.RemoteEndPoint?.ToString() ?? "?";
    private long _highWater;

    public LinkHello? Hello { get; private set; }

    public long HighWater => Interlocked.Read(ref _highWater);

    public DateTimeOffset Since { get; private set; }

    public string Remote => _remote;

    /// <summary>Closes the connection (a newer connection of the same stream arrived, or the server stops).</summary>
    public void Close()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    /// <summary>Runs the connection until it ends; never throws (the reason is logged or counted).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        var cancellationToken = linked.Token;
        string? reason = null;
        try
        {
            socket.NoDelay = true;
            var first = new byte[1];
            using (var timeout = new CancellationTokenSource(options.HandshakeTimeout, context.Time))
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                var peeked = await socket.ReceiveAsync(first, SocketFlags.Peek, handshake.Token);
                if (peeked == 0)
                {
                    return;
                }

                if (first[0] == RoleProbe.FirstByte)
                {
                    await RoleProbeAnswer.SendAsync(socket, context, handshake.Token);
                    return;
                }

                if (first[0] != 0x16)
                {
                    throw new LinkProtocolException($"neither TLS nor a role probe (first byte 0x{first[0]:X2})");
                }
            }

            await RunLinkAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            reason = "the link server stopped";
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            reason = "replaced by a newer connection of the same sender";
        }
        catch (OperationCanceledException)
        {
            reason = Hello is null
                ? $"no TLS handshake and hello within {options.HandshakeTimeout.TotalMilliseconds:0} ms (setting 'handshakeTimeout')"
                : $"silent for {4 * Hello.Heartbeat.TotalMilliseconds:0} ms";
            if (Hello is null)
            {
                server.Rejected(_remote, reason);
            }
        }
        catch (Exception ex) when (ex is LinkProtocolException or FrameProtocolException or System.Security.Authentication.AuthenticationException)
        {
            reason = ex is System.Security.Authentication.AuthenticationException ? $"TLS handshake failed: {ex.Message}" : $"protocol error: {ex.Message}";
            if (Hello is null)
            {
                server.Rejected(_remote, reason);
            }
        }
        catch (LinkUnstoredException ex)
        {
            reason = ex.Message;
            logger.ValuesNotStored(Hello?.Node ?? "?", Hello?.Instance ?? "?", ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            reason = ex.Message;
        }
        finally
        {
            socket.Dispose();
            if (Hello is { } hello)
            {
                logger.LinkClosed(hello.Node, hello.Instance, _remote, reason ?? "closed by the client");
                server.Ended(this);
            }

            _closing.Dispose();
        }
    }

    private async Task RunLinkAsync(CancellationToken cancellationToken)
    {
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        PipeReader reader;
        PipeWriter writer;
        LinkHello hello;
        IDisposable? streamLease;
        using (var timeout = new CancellationTokenSource(options.HandshakeTimeout, context.Time))
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            await ssl.AuthenticateAsServerAsync(
                TransportTls.Server(context.Certificate.Certificate, new PinnedCertificateCheck(options.TrustedCertificates, "trustedCertificates", fingerprint => logger.UntrustedCertificate("client", _remote, fingerprint, "trustedCertificates"))),
                handshake.Token);
            reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(bufferSize: 64 << 10, minimumReadSize: 16 << 10));
            writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(minimumBufferSize: 16 << 10));
            var (type, payload) = await Frames.ReadOneAsync<FrameType>(reader, options.MaxFrameBytes, handshake.Token);
            if (type != FrameType.Hello)
            {
                throw new LinkProtocolException($"expected a hello, got {type}");
            }

            var candidate = LinkHello.Decode(new ReadOnlySequence<byte>(payload));
            if (!context.RoleGate.Current.IsActive)
            {
                Frames.Write(writer, FrameType.Refused, Encoding.UTF8.GetBytes($"node {context.Node.Name} is standby"));
                await writer.FlushAsync(handshake.Token);
                throw new LinkProtocolException("a link was attempted while this node is standby");
            }

            streamLease = await server.AcquireStreamAsync(candidate, this, handshake.Token);
            hello = candidate;
            Hello = hello;
            Since = context.Time.GetUtcNow();
            _highWater = server.Receipts.HighWater(hello.StreamId);
            var welcome = new ArrayBufferWriter<byte>(64);
            new LinkWelcome(context.Node.Name, _highWater).Encode(welcome);
            Frames.Write(writer, FrameType.Welcome, welcome.WrittenSpan);
            await writer.FlushAsync(handshake.Token);
        }

        using var lease = streamLease;
        logger.LinkAccepted(hello.Node, hello.Instance, _remote, ssl.SslProtocol, ssl.NegotiatedCipherSuite.ToString(), hello.StreamId, _highWater);
        var prefix = options.Prefix.Replace("{node}", hello.Node, StringComparison.Ordinal);
        using var watchdog = new IdleWatchdog(context.Time, 4 * hello.Heartbeat);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Expired);
        try
        {
            await ReceiveAsync(reader, writer, hello, prefix, watchdog, session.Token);
        }
        catch (Exception ex) when (ex is LinkProtocolException or FrameProtocolException)
        {
            await reader.CompleteAsync(ex);
            throw;
        }
        finally
        {
            await reader.CompleteAsync();
            await writer.CompleteAsync();
        }
    }

    /// <summary>
    /// Puts received values on the tag bus and returns what to wait for before acknowledging them: with
    /// <c>ackAfterStored</c>, the historian's confirmation (so an acknowledgement never covers a value a kill of this node
    /// could still lose); otherwise nothing.
    /// </summary>
    private async Task<Task<int>> PublishAsync(List<TagValue> values, CancellationToken cancellationToken)
    {
        if (!options.AckAfterStored)
        {
            await context.Tags.PublishAsync(values, cancellationToken);
            return Task.FromResult(0);
        }

        var delivery = await context.Tags.PublishDurableAsync(values, cancellationToken);
        if (delivery.DurableSubscribers == 0)
        {
            throw new LinkUnstoredException(
                $"values not acknowledged, the sender keeps them: no historian is storing values on node {context.Node.Name} (setting 'ackAfterStored' is true; set it false on a node that stores nothing)");
        }

        return delivery.Stored;
    }

    /// <summary>
    /// Reads frames and publishes values as they come; acknowledgements follow on their own loop as the historian confirms
    /// (in order), so waiting for storage never holds back reading: a link keeps its throughput whatever the historian's
    /// flush interval.
    /// </summary>
    private async Task ReceiveAsync(PipeReader reader, PipeWriter writer, LinkHello hello, string prefix, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        using var writeLock = new SemaphoreSlim(1, 1);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = Channel.CreateUnbounded<(long HighWater, Task<int> Stored)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var acking = Task.Run(() => AcknowledgeAsync(pending.Reader, writer, writeLock, hello, connection.Token), CancellationToken.None);
        _ = acking.ContinueWith(_ => connection.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await ReadFramesAsync(reader, writer, writeLock, pending.Writer, prefix, watchdog, connection.Token);
        }
        catch (OperationCanceledException) when (acking.IsFaulted)
        {
            // The acknowledging loop failed (values not stored, the client gone): its reason is the connection's.
            await acking;
        }
        finally
        {
            pending.Writer.TryComplete();
            await connection.CancelAsync();
            await acking.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ReadFramesAsync(PipeReader reader, PipeWriter writer, SemaphoreSlim writeLock, ChannelWriter<(long HighWater, Task<int> Stored)> pending, string prefix, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        var values = new List<TagValue>(1024);
        var received = _highWater;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var frames = result.Buffer;
            var pong = false;
            var duplicates = 0;
            try
            {
                while (Frames.TryDecode(ref frames, options.MaxFrameBytes, out FrameType type, out var payload))
                {
                    watchdog.Heard();
                    switch (type)
                    {
                        case FrameType.Values:
                            var records = new WireReader(payload);
                            while (!records.End)
                            {
                                var sequence = records.Int64();
                                var length = records.Int32();
                                var bytes = records.Bytes(length);
                                if (sequence <= received)
                                {
                                    duplicates++;
                                    continue;
                                }

                                values.Add(TagValueCodec.Decode(bytes, prefix));
                                received = sequence;
                            }

                            break;
                        case FrameType.Ping:
                            pong = true;
                            break;
                        default:
                            throw new LinkProtocolException($"unexpected {type} frame from the client");
                    }
                }
            }
            finally
            {
                reader.AdvanceTo(frames.Start, frames.End);
            }

            if (values.Count > 0)
            {
                var stored = await PublishAsync(values, cancellationToken);
                server.Received(values.Count, duplicates);
                values.Clear();
                pending.TryWrite((received, stored));
            }
            else if (duplicates > 0)
            {
                // Values it already holds: acknowledge again (once what came before is stored).
                server.Received(0, duplicates);
                pending.TryWrite((received, Task.FromResult(0)));
            }

            if (pong)
            {
                await WriteAsync(writer, writeLock, static w => Frames.Write(w, FrameType.Pong, []), cancellationToken);
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Acknowledges, in order, the received batches once they are stored: every batch already stored is covered by one
    /// receipt (recorded first) and one acknowledgement, so the receipt journal grows by a record per acknowledgement
    /// (about one per historian flush), not per batch read.
    /// </summary>
    private async Task AcknowledgeAsync(ChannelReader<(long HighWater, Task<int> Stored)> pending, PipeWriter writer, SemaphoreSlim writeLock, LinkHello hello, CancellationToken cancellationToken)
    {
        var stored = Interlocked.Read(ref _highWater);
        while (await pending.WaitToReadAsync(cancellationToken))
        {
            while (pending.TryRead(out var batch))
            {
                try
                {
                    await batch.Stored.WaitAsync(cancellationToken);
                }
                catch (TagDeliveryException e)
                {
                    throw new LinkUnstoredException($"values not acknowledged, the sender keeps them: {e.Message}");
                }

                stored = Math.Max(stored, batch.HighWater);
                if (pending.TryPeek(out var next) && next.Stored.IsCompleted)
                {
                    continue;
                }

                if (stored > _highWater)
                {
                    server.Receipts.Record(new ReceiptRecord(hello.StreamId, hello.Node, hello.Instance, stored));
                    Interlocked.Exchange(ref _highWater, stored);
                }

                var acknowledged = stored;
                await WriteAsync(writer, writeLock, w => Frames.WriteInt64(w, FrameType.Ack, acknowledged), cancellationToken);
            }
        }
    }

    private static async Task WriteAsync(PipeWriter writer, SemaphoreSlim writeLock, Action<PipeWriter> frame, CancellationToken cancellationToken)
    {
        await writeLock.WaitAsync(cancellationToken);
        try
        {
            frame(writer);
            await writer.FlushAsync(cancellationToken);
        }
        finally
        {
            writeLock.Release();
        }
    }
}
