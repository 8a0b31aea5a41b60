using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using N3Host.Transport.Framing;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Links;

/// <summary>One connection of a link client: TLS, hello, then values out and acknowledgements in, until it breaks.</summary>
internal sealed class LinkClientSession(LinkClient client, LinkClientOptions options, DiskBuffer buffer, TimeProvider time, ILogger logger)
{
    private readonly InflightWindow _window = new();

    public string Endpoint => $"{options.Host}:{options.Port}";

    /// <summary>Runs until the connection fails or is cancelled; <paramref name="connected"/> is called once the hello is answered.</summary>
    public async Task RunAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 own, string node, string instance, Action<string> connected, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var heartbeat = TimeSpan.FromTicks(Math.Max(options.ConnectionTimeout.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks));
        SslStream? ssl = null;
        LinkWelcome welcome;
        PipeReader reader;
        PipeWriter writer;
        using (var timeout = new CancellationTokenSource(options.ConnectionTimeout, time))
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                await socket.ConnectAsync(options.Host, options.Port, handshake.Token);
                ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(
                    TransportTls.Client(own, "n3host-link", new PinnedCertificateCheck(options.ServerCertificates, "serverCertificates", fingerprint => logger.UntrustedCertificate("server", Endpoint, fingerprint, "serverCertificates"))),
                    handshake.Token);
                reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(bufferSize: 64 << 10, minimumReadSize: 16 << 10));
                writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(minimumBufferSize: 64 << 10));
                var hello = new ArrayBufferWriter<byte>(128);
                new LinkHello(buffer.StreamId, node, instance, heartbeat).Encode(hello);
                Frames.Write(writer, FrameType.Hello, hello.WrittenSpan);
                await writer.FlushAsync(handshake.Token);
                var (type, payload) = await Frames.ReadOneAsync<FrameType>(reader, options.MaxFrameBytes, handshake.Token);
                if (type == FrameType.Refused)
                {
                    throw new LinkRefusedException(Encoding.UTF8.GetString(payload));
                }

                if (type != FrameType.Welcome)
                {
                    throw new LinkProtocolException($"expected a welcome, got {type}");
                }

                welcome = LinkWelcome.Decode(new ReadOnlySequence<byte>(payload));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                ssl?.Dispose();
                throw new TimeoutException($"no answer from {Endpoint} within {options.ConnectionTimeout.TotalMilliseconds:0} ms (setting 'connectionTimeout')");
            }
            catch
            {
                ssl?.Dispose();
                throw;
            }
        }

        await using var sslOwner = ssl;
        var (skipped, renumbered) = buffer.Resume(welcome.HighWater);
        if (skipped > 0)
        {
            logger.BufferBehindServer(Endpoint, welcome.HighWater, skipped, renumbered);
        }

        var next = Math.Max(buffer.Acknowledged, welcome.HighWater) + 1;
        logger.LinkConnected(Endpoint, welcome.Node, ssl.SslProtocol, ssl.NegotiatedCipherSuite.ToString(), next, buffer.BufferedValues);
        connected(welcome.Node);

        using var watchdog = new IdleWatchdog(time, options.ConnectionTimeout);
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Expired);
        var receiving = ReceiveAsync(reader, watchdog, session.Token);
        var sending = SendAsync(writer, next, heartbeat, watchdog, session.Token);
        try
        {
            await await Task.WhenAny(receiving, sending);
        }
        catch (OperationCanceledException) when (watchdog.HasExpired && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Endpoint} silent for {options.ConnectionTimeout.TotalMilliseconds:0} ms (setting 'connectionTimeout')");
        }
        finally
        {
            await session.CancelAsync();
            socket.Close();
            await Task.WhenAll(receiving, sending).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await reader.CompleteAsync(receiving.Exception?.GetBaseException() is { } error && error is LinkProtocolException or FrameProtocolException ? error : null);
            await writer.CompleteAsync();
        }
    }

    private async Task ReceiveAsync(PipeReader reader, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var frames = result.Buffer;
            try
            {
                while (Frames.TryDecode(ref frames, options.MaxFrameBytes, out FrameType type, out var payload))
                {
                    watchdog.Heard();
                    switch (type)
                    {
                        case FrameType.Ack:
                            var sequence = new WireReader(payload).Int64();
                            buffer.Acknowledge(sequence);
                            _window.Acknowledged(sequence);
                            break;
                        case FrameType.Pong:
                            break;
                        case FrameType.Refused:
                            throw new LinkRefusedException(WireWriter.Utf8.GetString(payload));
                        default:
                            throw new LinkProtocolException($"unexpected {type} frame from the server");
                    }
                }

                if (result.IsCompleted)
                {
                    throw new IOException("the server closed the connection");
                }
            }
            finally
            {
                reader.AdvanceTo(frames.Start, frames.End);
            }
        }
    }

    /// <summary>
    /// Sends the buffer from <paramref name="next"/> on. Pings whenever the server was quiet for a heartbeat, also while
    /// values flow and while the window waits for acknowledgements (a central store that takes longer than the
    /// connection timeout to confirm), so its pong keeps the link from being declared dead.
    /// </summary>
    private async Task SendAsync(PipeWriter writer, long next, TimeSpan heartbeat, IdleWatchdog watchdog, CancellationToken cancellationToken)
    {
        var records = new byte[options.MaxFrameBytes - Frames.HeaderBytes];
        using var cursor = new BufferCursor(next);
        var lastPing = time.GetTimestamp();
        while (true)
        {
            if (_window.Bytes >= options.MaxUnacknowledgedBytes)
            {
                var released = _window.Released;
                if (_window.Bytes >= options.MaxUnacknowledgedBytes)
                {
                    try
                    {
                        await released.WaitAsync(heartbeat, time, cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        await PingIfQuietAsync();
                    }
                }

                continue;
            }

            var length = buffer.Read(cursor, records, out var count, out var last);
            if (length == 0)
            {
                try
                {
                    await buffer.WaitForDataAsync(cursor.NextSequence - 1, cancellationToken).WaitAsync(heartbeat, time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    await PingAsync();
                }

                continue;
            }

            _window.Sent(last, length);
            Frames.Write(writer, FrameType.Values, records.AsSpan(0, length));
            var flushed = await writer.FlushAsync(cancellationToken);
            client.Sent(count);
            if (flushed.IsCompleted)
            {
                throw new IOException("the connection closed");
            }

            await PingIfQuietAsync();
        }

        async Task PingIfQuietAsync()
        {
            if (watchdog.SinceHeard >= heartbeat && time.GetElapsedTime(lastPing) >= heartbeat)
            {
                await PingAsync();
            }
        }

        async Task PingAsync()
        {
            lastPing = time.GetTimestamp();
            Frames.Write(writer, FrameType.Ping, []);
            await writer.FlushAsync(cancellationToken);
        }
    }
}
