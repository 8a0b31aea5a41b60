using N3Host.Contracts;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Queries;

/// <summary>The node's <see cref="IHistoryService"/>, answered by a historian instance's store.</summary>
internal sealed class HistoryService : IHistoryService
{
    private readonly IHistoryStore _store;

    /// <summary>Creates the service over a store.</summary>
    public HistoryService(IHistoryStore store) => _store = store;

    /// <inheritdoc />
    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken) =>
        _store.QueryRawAsync(tag, from, to, limit, cursor, includeSuperseded: false, cancellationToken);

    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken) =>
        _store.QueryRawAsync(tag, from, to, limit, cursor, includeSuperseded, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken) =>
        _store.QueryAggregatesAsync(tag, from, to, interval, cancellationToken);

    /// <inheritdoc />
    public Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken) =>
        _store.QueryLatestAsync(tag, cancellationToken);
}
