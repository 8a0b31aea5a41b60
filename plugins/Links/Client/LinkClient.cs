using System.Security.Authentication;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;

namespace N3Host.Plugins.Links;

/// <summary>
/// The sending side of a link: every matching local tag value goes into the disk buffer with a sequence
/// number; a connection loop sends the buffer to the link server (directly or through a RedundancyAgent)
/// and deletes what the server acknowledged. While the link is down the buffer fills, bounded by bytes.
/// </summary>
internal sealed class LinkClient : IAsyncDisposable
{
    private readonly LinkClientOptions _options;
    private readonly IModuleContext _context;
    private readonly ILogger _logger;
    private readonly RateMeter _sent;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private DiskBuffer? _buffer;
    private ITagSubscription? _subscription;
    private Task _appending = Task.CompletedTask;
    private Task _connecting = Task.CompletedTask;
    private Task _publishing = Task.CompletedTask;
    private bool _connected;
    private string? _peer;
    private DateTimeOffset? _since;
    private string? _lastError;
    private long _connects;

    public LinkClient(LinkClientOptions options, IModuleContext context, ILogger logger)
    {
        _options = options;
        _context = context;
        _logger = logger;
        _sent = new RateMeter(context.Time);
    }

    public string Endpoint => $"{_options.Host}:{_options.Port}";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _buffer = DiskBuffer.Open(Path.Combine(_context.DataDirectory, "buffer"), _options.BufferLimitBytes, _options.MaxFrameBytes - FrameDecoder.HeaderBytes);
        if (_buffer.RecoveryNote is { } note)
        {
            _logger.BufferRecovered(note);
        }

        _subscription = _context.Tags.Subscribe(new TagSubscriptionOptions
        {
            Name = $"links:{_context.InstanceName}",
            Patterns = _options.Tags,
            Overflow = TagOverflowPolicy.Wait,
        });
        _logger.ClientStarted(Endpoint, _buffer.StreamId, _buffer.BufferedValues, _options.ServerCertificates.Count);
        _appending = Task.Run(() => AppendAsync(_stopping.Token), CancellationToken.None);
        _connecting = Task.Run(() => ConnectAsync(_stopping.Token), CancellationToken.None);
        _publishing = Task.Run(() => PublishCountersAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        await Task.WhenAll(_appending, _connecting, _publishing).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _buffer?.Dispose();
        _stopping.Dispose();
    }

    public LinkClientStatus Snapshot()
    {
        var buffer = _buffer;
        lock (_gate)
        {
            return new LinkClientStatus(
                "client",
                Endpoint,
                _connected,
                _peer,
                _since,
                _lastError,
                buffer?.StreamId ?? Guid.Empty,
                buffer?.LastAppended ?? 0,
                buffer?.Acknowledged ?? 0,
                buffer?.BufferedValues ?? 0,
                buffer?.BufferedBytes ?? 0,
                _options.BufferLimitBytes,
                buffer?.Overflowed ?? 0,
                _sent.Total,
                _sent.PerSecond(),
                _connects);
        }
    }

    internal void Sent(int count) => _sent.Add(count);

    private async Task AppendAsync(CancellationToken cancellationToken)
    {
        var reader = _subscription!.Reader;
        var buffer = _buffer!;
        var overflowing = false;
        var time = _context.Time;
        long? lastCommit = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                Take(8192);

                // With syncIntervalMs, the values of that long go to the disk in one write.
                var wait = lastCommit is { } last ? _options.SyncInterval - time.GetElapsedTime(last) : TimeSpan.Zero;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                    Take(1 << 20);
                }

                buffer.Commit();
                lastCommit = time.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            buffer.Commit();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _context.ReportFault(new IOException($"the link buffer in '{_context.DataDirectory}' failed: {ex.Message}", ex));
        }

        void Take(int most)
        {
            var taken = 0;
            while (taken < most && reader.TryRead(out var value))
            {
                taken++;
                switch (buffer.Append(value))
                {
                    case AppendResult.Appended when overflowing:
                        overflowing = false;
                        _logger.BufferOverflowEnded(buffer.Overflowed);
                        break;
                    case AppendResult.Full when !overflowing:
                        overflowing = true;
                        _logger.BufferOverflow(buffer.BufferedBytes, _options.BufferLimitBytes, buffer.Overflowed);
                        break;
                    case AppendResult.TooLarge:
                        _logger.ValueTooLarge(value.Path);
                        break;
                }
            }
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var session = new LinkClientSession(this, _options, _buffer!, _context.Time, _logger);
        string? lastReason = null;
        var quickDrops = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wasUp = false;
            var upSince = _context.Time.GetTimestamp();
            try
            {
                await session.RunAsync(_context.Certificate.Certificate, _context.Node.Name, _context.InstanceName, peer =>
                {
                    wasUp = true;
                    upSince = _context.Time.GetTimestamp();
                    lastReason = null;
                    lock (_gate)
                    {
                        _connected = true;
                        _peer = peer;
                        _since = _context.Time.GetUtcNow();
                        _lastError = null;
                        _connects++;
                    }
                }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or TimeoutException or LinkProtocolException or LinkRefusedException or ObjectDisposedException or OperationCanceledException)
            {
                var reason = Describe(ex);
                if (wasUp || reason != lastReason)
                {
                    if (ex is LinkRefusedException)
                    {
                        _logger.RefusedByServer(Endpoint, reason);
                    }
                    else
                    {
                        _logger.LinkDown(Endpoint, reason);
                    }
                }

                lastReason = reason;
                lock (_gate)
                {
                    _connected = false;
                    _since = _context.Time.GetUtcNow();
                    _lastError = reason;
                }
            }

            // After a link that was up drops (a failover, a restart of the server) reconnect at once; after
            // a failed attempt, or a second link in a row that dropped within reconnectDelay, wait reconnectDelay,
            // so a server that keeps failing is not hammered.
            quickDrops = !wasUp ? 0 : _context.Time.GetElapsedTime(upSince) < _options.ReconnectDelay ? quickDrops + 1 : 0;
            var immediately = wasUp && quickDrops <= 1;
            if (!immediately && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_options.ReconnectDelay, _context.Time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        lock (_gate)
        {
            _connected = false;
        }
    }

    private async Task PublishCountersAsync(CancellationToken cancellationToken)
    {
        var path = $"links/{_context.InstanceName}/overflowed";
        long published = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var overflowed = _buffer!.Overflowed;
                if (overflowed != published)
                {
                    await _context.Tags.PublishAsync(TagValue.FromNumber(path, overflowed, _context.Time.GetUtcNow()), cancellationToken);
                    published = overflowed;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        AuthenticationException => $"TLS handshake failed: {ex.Message} (is the server's certificate in 'serverCertificates', and this node's in its 'trustedCertificates'?)",
        SocketException socket => $"{socket.SocketErrorCode}: {socket.Message}",
        OperationCanceledException => "the connection was closed",
        _ => ex.Message,
    };
}
