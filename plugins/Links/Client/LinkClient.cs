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
/// Here: the buffer and the appending loop; the connection loop is <see cref="LinkConnectionLoop"/>, the disk condition
/// <see cref="BufferDiskCondition"/>, the loss counters on the bus <see cref="LinkCounterPublisher"/>.
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
    private BufferDiskCondition? _disk;
    private volatile DiskBuffer? _buffer;
    private ITagSubscription? _subscription;
    private Task _appending = Task.CompletedTask;
    private Task _connecting = Task.CompletedTask;
    private Task _publishing = Task.CompletedTask;
    private LinkConnectionLoop? _connection;

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
        var losses = new LossCounter(_context.DataDirectory, _context.Time);
        _losses = losses;
        _disk = new BufferDiskCondition(_options, _context, losses, _bufferDirectory, _logger);
        _subscription = _context.Tags.Subscribe(new TagSubscriptionOptions
        {
            Name = $"links:{_context.InstanceName}",
            Patterns = _options.Tags,
            Overflow = TagOverflowPolicy.Wait,
        });

        // On a full or read-only disk the instance starts degraded (not faulted) and waits for space.
        if (TryOpenBuffer() && StorageProbe.Check(_bufferDirectory) is { } condition)
        {
            _disk.Enter(condition, 0);
        }

        _appending = Task.Run(() => AppendAsync(_stopping.Token), CancellationToken.None);
        _publishing = Task.Run(() => LinkCounterPublisher.RunAsync(_context, losses, Overflowed, _stopping.Token), CancellationToken.None);
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
        LinkConnectionLoop? connectionLoop;
        lock (_gate)
        {
            connectionLoop = _connection;
        }

        var connection = connectionLoop?.State ?? default;
        return new LinkClientStatus(
            "client",
            Endpoint,
            connection.Connected,
            connection.Peer,
            connection.Since,
            connection.LastError,
            buffer?.StreamId ?? Guid.Empty,
            buffer?.LastAppended ?? 0,
            buffer?.Acknowledged ?? 0,
            buffer?.BufferedValues ?? 0,
            buffer?.BufferedBytes ?? 0,
            _options.BufferLimitBytes,
            Overflowed(),
            _sent.Total,
            _sent.PerSecond(),
            connection.Connects,
            _losses?.Counts ?? new Dictionary<string, long>(),
            _losses?.Total ?? 0,
            _disk?.Current?.Message);
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

            _disk!.Enter(condition, 0);
            return false;
        }

        if (buffer.RecoveryNote is { } note)
        {
            _logger.BufferRecovered(note);
        }

        _logger.ClientStarted(Endpoint, buffer.StreamId, buffer.BufferedValues, _options.ServerCertificates.Count);
        _buffer = buffer;
        var connection = new LinkConnectionLoop(this, _options, _context, buffer, _logger);
        lock (_gate)
        {
            _connection = connection;
            _connecting = Task.Run(() => connection.RunAsync(_stopping.Token), CancellationToken.None);
        }

        return true;
    }

    private async Task AppendAsync(CancellationToken cancellationToken)
    {
        var reader = _subscription!.Reader;
        var overflowing = false;
        var time = _context.Time;
        var disk = _disk!;
        long? lastCommit = null;

        // A wait for values begun while the disk could not write, still pending when a probe came due (one at a time).
        Task<bool>? waiting = null;
        try
        {
            while (true)
            {
                if (disk.Current is not null || _buffer is null)
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
                            disk.CountArrivingAsLost(reader);
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
                    disk.WriteFailed(ex);
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
                disk.WriteFailed(ex);
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

    /// <summary>A probe came due: if the disk takes a write again (and the buffer opens), the condition is over.</summary>
    private void TryResume()
    {
        if (StorageProbe.Check(_bufferDirectory) is { } still)
        {
            _disk!.Enter(still, 0);
            return;
        }

        if (_buffer is null && !TryOpenBuffer())
        {
            return;
        }

        _disk!.Leave();
    }
}
