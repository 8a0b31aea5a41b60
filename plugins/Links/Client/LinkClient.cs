using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using N3Host.Contracts.Storage;
using N3Host.Contracts;
using N3Host.Transport.Framing;

namespace N3Host.Plugins.Links;

/// <summary>
/// The sending side of a link: every matching local tag value goes into the disk buffer with a sequence
/// number; a connection loop sends the buffer to the link server (directly or through a RedundancyAgent)
/// and deletes what the server acknowledged. While the link is down the buffer fills, bounded by bytes.
/// A full or read-only disk is a state, not a fault: the instance reports itself degraded with the condition, values that
/// arrive meanwhile are read and counted as lost (none held in memory), the disk is probed every <c>probeIntervalMs</c>,
/// and appending resumes at the first probe that succeeds. Every lost value is counted in the instance's
/// <c>losses.json</c> (<see cref="LossCounter"/>), which survives restarts.
/// </summary>
internal sealed class LinkClient : IAsyncDisposable
{
    private readonly LinkClientOptions _options;
    private readonly IModuleContext _context;
    private readonly ILogger _logger;
    private readonly RateMeter _sent;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _bufferDirectory;
    private LossCounter? _losses;
    private volatile DiskBuffer? _buffer;
    private volatile StorageCondition? _condition;
    private long _lostWhileCondition;
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
        _bufferDirectory = Path.Combine(context.DataDirectory, "buffer");
    }

    public string Endpoint => $"{_options.Host}:{_options.Port}";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _losses = new LossCounter(_context.DataDirectory, _context.Time);
        _subscription = _context.Tags.Subscribe(new TagSubscriptionOptions
        {
            Name = $"links:{_context.InstanceName}",
            Patterns = _options.Tags,
            Overflow = TagOverflowPolicy.Wait,
        });

        // On a full or read-only disk the instance starts degraded (not faulted) and waits for space.
        if (TryOpenBuffer() && StorageProbe.Check(_bufferDirectory) is { } condition)
        {
            EnterCondition(condition, 0);
        }

        _appending = Task.Run(() => AppendAsync(_stopping.Token), CancellationToken.None);
        _publishing = Task.Run(() => PublishCountersAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _subscription?.Dispose();
        await _appending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Task connecting;
        lock (_gate)
        {
            connecting = _connecting;
        }

        await Task.WhenAll(connecting, _publishing).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
                Overflowed(),
                _sent.Total,
                _sent.PerSecond(),
                _connects,
                _losses?.Counts ?? new Dictionary<string, long>(),
                _losses?.Total ?? 0,
                _condition?.Message);
        }
    }

    internal void Sent(int count) => _sent.Add(count);

    /// <summary>Values full or too large, counted across restarts.</summary>
    private long Overflowed() => _losses is { } losses ? losses.Of(LossReason.BufferFull) + losses.Of(LossReason.TooLarge) : 0;

    /// <summary>Opens the buffer and starts the connection loop; false (and degraded) if the disk does not let it open.</summary>
    private bool TryOpenBuffer()
    {
        DiskBuffer buffer;
        try
        {
            buffer = DiskBuffer.Open(_bufferDirectory, _options.BufferLimitBytes, _options.MaxFrameBytes - Frames.HeaderBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var condition = StorageProbe.Classify(ex, _bufferDirectory) ?? StorageProbe.Check(_bufferDirectory);
            if (condition is null)
            {
                throw;
            }

            EnterCondition(condition, 0);
            return false;
        }

        if (buffer.RecoveryNote is { } note)
        {
            _logger.BufferRecovered(note);
        }

        _logger.ClientStarted(Endpoint, buffer.StreamId, buffer.BufferedValues, _options.ServerCertificates.Count);
        _buffer = buffer;
        lock (_gate)
        {
            _connecting = Task.Run(() => ConnectAsync(_stopping.Token), CancellationToken.None);
        }

        return true;
    }

    private async Task AppendAsync(CancellationToken cancellationToken)
    {
        var reader = _subscription!.Reader;
        var overflowing = false;
        var time = _context.Time;
        long? lastCommit = null;

        // A wait for values begun while the disk could not write, still pending when a probe came due (one at a time).
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                if (_condition is not null || _buffer is null)
                {
                    var probe = Task.Delay(_options.ProbeInterval, time, cancellationToken);
                    while (!probe.IsCompleted)
                    {
                        waiting ??= reader.WaitToReadAsync(cancellationToken).AsTask();
                        await Task.WhenAny(probe, waiting);
                        if (waiting.IsCompleted)
                        {
                            if (!await waiting)
                            {
                                return;
                            }

                            waiting = null;
                            CountArrivingAsLost(reader);
                        }
                    }

                    await probe;
                    TryResume();
                    continue;
                }

                var more = waiting is { } pending ? await pending : await reader.WaitToReadAsync(cancellationToken);
                waiting = null;
                if (!more)
                {
                    break;
                }

                var buffer = _buffer;
                try
                {
                    Take(buffer, 8192);

                    // With syncIntervalMs, the values of that long go to the disk in one write.
                    var wait = lastCommit is { } last ? _options.SyncInterval - time.GetElapsedTime(last) : TimeSpan.Zero;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, cancellationToken);
                        Take(buffer, 1 << 20);
                    }

                    buffer.Commit();
                    lastCommit = time.GetTimestamp();
                }
                catch (BufferWriteException ex)
                {
                    WriteFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            try
            {
                _buffer?.Commit();
            }
            catch (BufferWriteException ex)
            {
                WriteFailed(ex);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _context.ReportFault(new IOException($"the link buffer in '{_context.DataDirectory}' failed: {ex.Message}", ex));
        }

        void Take(DiskBuffer buffer, int most)
        {
            var taken = 0;
            long full = 0;
            long tooLarge = 0;
            try
            {
                while (taken < most && reader.TryRead(out var value))
                {
                    taken++;
                    switch (buffer.Append(value))
                    {
                        case AppendResult.Appended when overflowing:
                            overflowing = false;
                            _logger.BufferOverflowEnded(Overflowed() + full + tooLarge);
                            break;
                        case AppendResult.Full:
                            full++;
                            if (!overflowing)
                            {
                                overflowing = true;
                                _logger.BufferOverflow(buffer.BufferedBytes, _options.BufferLimitBytes, Overflowed() + full + tooLarge);
                            }

                            break;
                        case AppendResult.TooLarge:
                            tooLarge++;
                            _logger.ValueTooLarge(value.Path);
                            break;
                    }
                }
            }
            finally
            {
                // Counted once a batch: each count is a write of losses.json.
                if (full > 0)
                {
                    _losses!.Add(LossReason.BufferFull, full);
                }

                if (tooLarge > 0)
                {
                    _losses!.Add(LossReason.TooLarge, tooLarge);
                }
            }
        }
    }

    /// <summary>While the disk cannot write: reads what arrived and counts it as lost (nothing is held in memory).</summary>
    private void CountArrivingAsLost(System.Threading.Channels.ChannelReader<TagValue> reader)
    {
        var condition = _condition;
        long count = 0;
        while (count < 1 << 20 && reader.TryRead(out _))
        {
            count++;
        }

        if (count > 0)
        {
            _losses!.Add(ReasonOf(condition), count);
            Interlocked.Add(ref _lostWhileCondition, count);
        }
    }

    /// <summary>A write failed: a full or read-only disk becomes the condition; another error is counted and appending goes on.</summary>
    private void WriteFailed(BufferWriteException ex)
    {
        var condition = StorageProbe.Classify(ex, _bufferDirectory) ?? StorageProbe.Check(_bufferDirectory);
        if (condition is null)
        {
            var total = _losses!.Add(LossReason.DiskError, ex.NotKept);
            _logger.BufferWriteFailed(_bufferDirectory, ex.InnerException?.Message ?? ex.Message, ex.NotKept, total);
            return;
        }

        EnterCondition(condition, ex.NotKept);
    }

    private void EnterCondition(StorageCondition condition, long notKept)
    {
        var reason = ReasonOf(condition);
        var total = notKept > 0 ? _losses!.Add(reason, notKept) : _losses!.Total;
        var before = _condition;
        _condition = condition;
        if (before is null)
        {
            Interlocked.Exchange(ref _lostWhileCondition, notKept);
            _logger.BufferCannotWrite(condition.Path, condition.Message, condition.FreeBytes, reason, _options.ProbeInterval.TotalMilliseconds, notKept, total);
        }
        else
        {
            Interlocked.Add(ref _lostWhileCondition, notKept);
        }

        if (before?.Message != condition.Message)
        {
            _context.ReportDegraded(condition.Message);
        }
    }

    /// <summary>A probe came due: if the disk takes a write again (and the buffer opens), the condition is over.</summary>
    private void TryResume()
    {
        if (StorageProbe.Check(_bufferDirectory) is { } still)
        {
            EnterCondition(still, 0);
            return;
        }

        if (_buffer is null && !TryOpenBuffer())
        {
            return;
        }

        _condition = null;
        var lost = Interlocked.Exchange(ref _lostWhileCondition, 0);
        _losses!.TrySave(force: true);
        _logger.BufferWritesAgain(_bufferDirectory, lost, _losses.Total);
        _context.ReportDegraded(null);
    }

    private static string ReasonOf(StorageCondition? condition) =>
        condition?.Kind == StorageConditionKind.ReadOnly ? LossReason.ReadOnly : LossReason.DiskFull;

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
            catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or TimeoutException or LinkProtocolException or FrameProtocolException or LinkRefusedException or ObjectDisposedException or OperationCanceledException)
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
        var overflowedPath = $"links/{_context.InstanceName}/overflowed";
        var lostPath = $"links/{_context.InstanceName}/lost";
        long publishedOverflowed = 0;
        long publishedLost = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _context.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var overflowed = Overflowed();
                if (overflowed != publishedOverflowed)
                {
                    await _context.Tags.PublishAsync(TagValue.FromNumber(overflowedPath, overflowed, _context.Time.GetUtcNow()), cancellationToken);
                    publishedOverflowed = overflowed;
                }

                var lost = _losses!.Total;
                if (lost != publishedLost)
                {
                    await _context.Tags.PublishAsync(TagValue.FromNumber(lostPath, lost, _context.Time.GetUtcNow()), cancellationToken);
                    publishedLost = lost;
                }

                // A count the disk could not take yet is saved once it can (at most one try a second).
                _losses.TrySave(force: false);
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
