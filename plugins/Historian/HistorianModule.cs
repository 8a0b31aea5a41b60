using N3Host.Contracts.Storage;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Losses;
using N3Host.Plugins.Historian.MongoDb;
using N3Host.Plugins.Historian.Options;
using N3Host.Plugins.Historian.Queries;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Plugins.Historian.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Historian;

/// <summary>
/// The historian: stores tag values from the tag bus in the embedded SQLite file or in MongoDB, through a
/// store-and-forward buffer, and answers history queries (<see cref="IHistoryService"/>). With the embedded store
/// its batches are a stored-data journal, registered at construction so a standby node keeps applying the active
/// node's history while its own historian is stopped.
/// </summary>
[N3Module("Historian", Description = "Stores tag values (embedded SQLite or MongoDB) with store-and-forward; answers history queries")]
public sealed class HistorianModule : IModule, IConfigureServices, IAsyncDisposable
{
    /// <summary>The embedded store's file name in the instance's data folder.</summary>
    public const string DatabaseFileName = "history.db";

    private readonly IModuleContext _context;
    private readonly HistorianOptions _options;
    private readonly SqliteHistoryStore? _sqlite;
    private readonly Accepted.AcceptedJournal? _accepted;
    private readonly HistoryService? _sqliteService;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly LossCounter _losses;
    private readonly IDisposable _metrics;
    private HistorianRun? _run;
    private HistoryService? _runService;

    /// <summary>Creates the instance; with the embedded store, registers its journal and its queries.</summary>
    public HistorianModule(IModuleContext context, IOptions<HistorianOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        _options = options.Value;
        _losses = new LossCounter(context.DataDirectory, context.Time);
        if (_options.Store == StoreKind.Sqlite)
        {
            _sqlite = new SqliteHistoryStore(Path.Combine(context.DataDirectory, DatabaseFileName), context.Node.Name, () => context.RoleGate.Current.Term, context.Time, () => context.RoleGate.Current.Mode,
                report => Log.StoreMigrated(context.Logger, context.InstanceName, Path.Combine(context.DataDirectory, DatabaseFileName), report));
            context.Journals.Register(new SqliteJournal(context.InstanceName, _sqlite));
            _accepted = new Accepted.AcceptedJournal(context.InstanceName, Path.Combine(context.DataDirectory, Accepted.AcceptedJournal.FileName), context.Node.Name,
                () => context.RoleGate.Current.Term, context.Time);
            context.Journals.Register(_accepted);
            _sqliteService = new HistoryService(_sqlite);
            context.Services.Add<IHistoryService>(_sqliteService);
        }

        context.Services.AddStatus(StatusKey, Snapshot);
        _metrics = HistorianMetrics.Instruments.Track(context.InstanceName, () => Snapshot() as HistorianStatus);
    }

    /// <summary>Binds and validates the instance's <see cref="HistorianOptions"/> (every bad setting at once, before construction).</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) => services.AddSettings<HistorianOptions>(settings);

    private string StatusKey => $"historian:{_context.InstanceName}";

    /// <inheritdoc />
    public async Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = _options;
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_run is not null)
                return;
            if (options.Store == StoreKind.Sqlite)
            {
                _run = HistorianRun.Start(context, options, _sqlite!, ownsStore: false, _losses, _accepted);
            }
            else
            {
                var mongo = MongoHistoryStore.Create(options.MongoDb, () => new ValueRank(context.RoleGate.Current.Term, context.RoleGate.Current.Mode == RedundancyMode.Primary));
                try
                {
                    _run = HistorianRun.Start(context, options, mongo, ownsStore: true, _losses);
                }
                catch
                {
                    await mongo.DisposeAsync();
                    throw;
                }

                _runService = new HistoryService(mongo);
                context.Services.Add<IHistoryService>(_runService);
            }

            Log.Started(context.Logger, context.InstanceName, _run.Store.Description, options.Tags.Count == 0 ? "all" : string.Join(", ", options.Tags), options.BatchSize, options.FlushIntervalMs);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_runService is not null)
            {
                _context.Services.Remove<IHistoryService>(_runService);
                _runService = null;
            }

            if (_run is { } run)
            {
                _run = null;
                await run.DisposeAsync();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _metrics.Dispose();
        _context.Services.RemoveStatus(StatusKey);
        if (_sqliteService is not null)
            _context.Services.Remove<IHistoryService>(_sqliteService);
        if (_sqlite is not null)
            await _sqlite.DisposeAsync();
        if (_accepted is not null)
            await _accepted.DisposeAsync();
        _lifecycle.Dispose();
    }

    private object Snapshot()
    {
        var accepted = _accepted is null ? null : new AcceptedJournalStatus(_accepted.NotJournalled, _accepted.LastError);
        if (_run?.Snapshot() is { } running)
            return running with { AcceptedJournal = accepted };
        var lost = LossCounts.Of(_losses);
        return new HistorianStatus(_sqlite?.Description ?? "mongodb", "stopped", 0, 0, 0, 0, 0, 0, lost.Total, _losses.LoadError, null, null, 0, 0, lost, _losses.Saved)
        {
            ConflictsResolved = _sqlite?.ConflictsResolved ?? 0,
            AcceptedJournal = accepted,
        };
    }
}
