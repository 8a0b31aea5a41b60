using Microsoft.Extensions.Logging;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Retention;

/// <summary>
/// Deletes what is older than <c>retentionDays</c> from the embedded store: at start, then every
/// <see cref="Period"/> (on the module's clock), in chunks of <see cref="ChunkSize"/> rows so writes go on in between.
/// </summary>
internal sealed class RetentionLoop
{
    /// <summary>How often retention runs.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(10);

    /// <summary>Rows deleted per transaction.</summary>
    public const int ChunkSize = 2000;

    private readonly SqliteHistoryStore _store;
    private readonly TimeSpan _keep;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _instance;

    /// <summary>Creates the loop.</summary>
    public RetentionLoop(SqliteHistoryStore store, TimeSpan keep, TimeProvider time, ILogger logger, string instance)
    {
        _store = store;
        _keep = keep;
        _time = time;
        _logger = logger;
        _instance = instance;
    }

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await RunOnceAsync(cancellationToken);
                await Task.Delay(Period, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: deletes what is older than the retention.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow() - _keep;
        try
        {
            var deleted = await _store.DeleteOlderThanAsync(cutoff, ChunkSize, cancellationToken);
            if (deleted > 0)
                Log.RetentionDeleted(_logger, _instance, deleted, cutoff);
            return deleted;
        }
        catch (HistoryStoreException e)
        {
            Log.RetentionFailed(_logger, _instance, e.Message);
            return 0;
        }
    }
}
