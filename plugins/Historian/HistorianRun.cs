using N3Host.Contracts.Storage;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;
using N3Host.Plugins.Historian.Ingest;
using N3Host.Plugins.Historian.Losses;
using N3Host.Plugins.Historian.Options;
using N3Host.Plugins.Historian.Retention;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Plugins.Historian.Storage;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian;

/// <summary>
/// One started period of a historian instance: the subscription, the buffer, the writer and its loops.
/// Stopping stores what was taken from the bus (or buffers it) before it returns.
/// </summary>
internal sealed class HistorianRun : IAsyncDisposable
{
    private readonly IModuleContext _context;
    private readonly ITagSubscription _subscription;
    private readonly DiskBuffer _buffer;
    private readonly StoreAndForwardWriter _writer;
    private readonly StorageConfirmer _confirmer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<Task> _loops = [];
    private readonly bool _ownsStore;
    private readonly Accepted.AcceptedJournal? _accepted;
    private readonly string? _historyJournal;
    private Task _marks = Task.CompletedTask;

    private HistorianRun(IModuleContext context, HistorianOptions options, IHistoryStore store, bool ownsStore, HistorianCounters counters, LossCounter losses,
        Accepted.AcceptedJournal? accepted)
    {
        _context = context;
        Losses = losses;
        Store = store;
        _ownsStore = ownsStore;
        Counters = counters;
        var bufferDirectory = string.IsNullOrWhiteSpace(options.BufferDirectory)
            ? Path.Combine(context.DataDirectory, "buffer")
            : Path.GetFullPath(options.BufferDirectory, context.DataDirectory);
        _buffer = new DiskBuffer(bufferDirectory, options.BufferLimitBytes);
        var storeFolder = store is SqliteHistoryStore local ? Path.GetDirectoryName(local.Path) : null;
        var storage = new WriterStorage(
            options.MemoryLimitValues, TimeSpan.FromMilliseconds(options.DiskProbeIntervalMs), storeFolder is null ? [] : [storeFolder], losses, context.ReportDegraded);
        _writer = new StoreAndForwardWriter(
            store, _buffer, counters, context.Time, TimeSpan.FromMilliseconds(options.WriteTimeoutMs), TimeSpan.FromMilliseconds(options.RetryIntervalMs), context.Logger, context.InstanceName, storage);
        _subscription = context.Tags.Subscribe(new TagSubscriptionOptions
        {
            Name = $"historian:{context.InstanceName}",
            Patterns = options.Tags,
            Capacity = options.QueueCapacity,
            Overflow = TagOverflowPolicy.Wait,
            Durable = true,
        });

        // What was published while a faulted run's subscription was closed reached nobody: counted, never silent.
        if (_subscription.MissedWhileClosed > 0)
        {
            var total = losses.Add(LossReason.Restarting, _subscription.MissedWhileClosed);
            Log.MissedWhileRestarting(context.Logger, context.InstanceName, _subscription.MissedWhileClosed, total);
        }

        // With the embedded store, a write is safe once the pair's other node holds its journal record too.
        var journal = store is SqliteHistoryStore embedded ? SqliteJournal.NameOf(context.InstanceName) : null;
        _confirmer = journal is null
            ? new StorageConfirmer(_subscription.Confirm, static () => 0, static (_, _) => ValueTask.CompletedTask)
            : new StorageConfirmer(_subscription.Confirm, () => ((SqliteHistoryStore)store).LastLocalSequence, (sequence, ct) => context.Journals.WaitReplicatedAsync(journal, sequence, ct));
        var filter = new DeadbandFilter(options.DeadbandAbsolute, options.DeadbandPercent, TimeSpan.FromMilliseconds(options.MaxIntervalMs));
        _accepted = accepted;
        _historyJournal = journal;
        var pump = new IngestPump(filter, _writer, counters, context.Time, options.BatchSize, TimeSpan.FromMilliseconds(options.FlushIntervalMs), _confirmer, losses, accepted,
            accepted is null ? null : Written);
        // Each loop on the thread pool: the store's first open (a migration, the replay of what a kill left in memory) and the
        // first batches run there, never on the caller starting the instance.
        _loops.Add(Watch(Task.Run(() => RunPumpAsync(pump, accepted))));
        _loops.Add(Watch(Task.Run(() => _writer.RunForwarderAsync(_shutdown.Token))));
        _loops.Add(Watch(Task.Run(() => _writer.RunProbeAsync(_shutdown.Token))));
        if (store is SqliteHistoryStore sqlite && options.RetentionDays > 0)
        {
            var retention = new RetentionLoop(sqlite, TimeSpan.FromDays(options.RetentionDays), context.Time, context.Logger, context.InstanceName);
            _loops.Add(Watch(Task.Run(() => retention.RunAsync(_shutdown.Token))));
        }
    }

    /// <summary>The store values go to.</summary>
    public IHistoryStore Store { get; }

    /// <summary>The run's counters.</summary>
    public HistorianCounters Counters { get; }

    /// <summary>The instance's cumulative loss count (outlives the run).</summary>
    public LossCounter Losses { get; }

    /// <summary>The writer, for status.</summary>
    public StoreAndForwardWriter Writer => _writer;

    /// <summary>Starts a run.</summary>
    public static HistorianRun Start(IModuleContext context, HistorianOptions options, IHistoryStore store, bool ownsStore, LossCounter losses,
        Accepted.AcceptedJournal? accepted = null) =>
        new(context, options, store, ownsStore, new HistorianCounters(), losses, accepted);

    /// <summary>
    /// A batch covering accepted records up to <paramref name="through"/> is on this node's disk: the commit mark follows once the
    /// pair's other node holds the batch too (its history record), so that the standby never drops accepted values it cannot
    /// find in its store yet. Marks go out in order.
    /// </summary>
    private void Written(long through)
    {
        var batch = Store is SqliteHistoryStore sqlite ? sqlite.LastLocalSequence : 0;
        _marks = MarkAsync(_marks, through, batch);
    }

    private async Task MarkAsync(Task previous, long through, long batch)
    {
        await previous;
        try
        {
            if (_historyJournal is not null && batch > 0)
                await _context.Journals.WaitReplicatedAsync(_historyJournal, batch, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping before the pair held it: the records stay, and a later start stores them again (a repeat, shown once).
            return;
        }

        _accepted!.Committed(through);
    }

    /// <summary>
    /// First what an origin accepted but did not commit (the unwritten batch of an active node that was killed, replicated
    /// here as it was accepted), then the tag bus.
    /// </summary>
    private async Task RunPumpAsync(IngestPump pump, Accepted.AcceptedJournal? accepted)
    {
        if (accepted is not null)
        {
            try
            {
                foreach (var (origin, through, values) in accepted.Uncommitted())
                {
                    await _writer.WriteAsync(values, CancellationToken.None);
                    accepted.Replayed(origin, through);
                    Log.AcceptedStored(_context.Logger, _context.InstanceName, values.Count, origin);
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                // Its file cannot be read (a full or read-only disk): what it holds stays there for the next start.
                Log.AcceptedUnreadable(_context.Logger, _context.InstanceName, e.Message);
            }
        }

        await pump.RunAsync(_subscription.Reader, _stopping.Token);
    }

    /// <summary>The status section's content.</summary>
    public HistorianStatus Snapshot()
    {
        var condition = _writer.Condition;
        var lost = LossCounts.Of(Losses);
        return new(
            Store.Description,
            _stopping.IsCancellationRequested ? "stopped" : condition is not null ? "degraded" : _writer.Buffering ? "buffering" : "writing",
            Counters.Received,
            Counters.Filtered,
            Counters.Stored,
            _writer.BufferedBatches,
            _writer.BufferedBytes,
            _writer.BufferLimitBytes,
            lost.Total + _subscription.Overflowed,
            Counters.LastError,
            Counters.LastStored,
            condition?.Message,
            _writer.HeldValues,
            _writer.HeldLimitValues,
            lost,
            Losses.Saved)
        {
            ConflictsResolved = Store.ConflictsResolved,
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Stop taking values, store what was taken, then stop the forwarder and retention.
        await _stopping.CancelAsync();
        _subscription.Dispose();
        await _loops[0];

        // A pump that failed left what it had not read in the closed queue: counted as lost, never silent.
        long left = 0;
        while (_subscription.Reader.TryRead(out _))
            left++;
        if (left > 0)
            Losses.Add(LossReason.Restarting, left);
        await _writer.StopHoldingAsync();
        await _confirmer.DisposeAsync();

        // The last commit marks, while the pair still replicates (a few seconds at most).
        await Task.WhenAny(_marks, Task.Delay(TimeSpan.FromSeconds(5), _context.Time));
        await _shutdown.CancelAsync();
        await _marks;
        await Task.WhenAll(_loops);
        Log.Stopped(_context.Logger, _context.InstanceName, Counters.Stored, _writer.BufferedBatches);
        _writer.Dispose();
        _buffer.Dispose();
        if (_ownsStore)
            await Store.DisposeAsync();
        _stopping.Dispose();
        _shutdown.Dispose();
    }

    private Task Watch(Task loop) => loop.ContinueWith(
        t =>
        {
            if (t.Exception is { } e)
                _context.ReportFault(e.InnerException ?? e);
        },
        CancellationToken.None,
        TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);
}
