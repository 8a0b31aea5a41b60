using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;

namespace N3Host.Plugins.Historian.Store;

/// <summary>Where the historian keeps values: the embedded SQLite file or MongoDB. Queries are answered by the same store.</summary>
internal interface IHistoryStore : IAsyncDisposable
{
    /// <summary>For logs and status: <c>sqlite &lt;path&gt;</c> or <c>mongodb &lt;database&gt;.&lt;collection&gt;</c>.</summary>
    string Description { get; }

    /// <summary>Different values of one tag at one source time settled by the rule of <see cref="ValueRank"/> since the start.</summary>
    long ConflictsResolved => 0;

    /// <summary>
    /// Writes a batch atomically where the store can (SQLite: one transaction), or idempotently (MongoDB: deterministic ids).
    /// <paramref name="forwarded"/>, when the batch comes from the store-and-forward buffer, is the buffer position after it;
    /// a store that can record it with the batch does, so a crash between the write and the buffer's own cursor never doubles it.
    /// Throws when the store cannot take the batch (unreachable, full, read-only); nothing of the batch is then counted as stored.
    /// </summary>
    Task WriteAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken);

    /// <summary>The last buffer position recorded by <see cref="WriteAsync"/>, if the store records them.</summary>
    Task<BufferPosition?> GetForwardedPositionAsync(CancellationToken cancellationToken);

    /// <summary>Raw values of a tag, oldest first, with paging.</summary>
    Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken) =>
        QueryRawAsync(tag, from, to, limit, cursor, includeSuperseded: false, cancellationToken);

    /// <summary>Raw values; with <paramref name="includeSuperseded"/> also those that lost by the rule of <see cref="ValueRank"/> (an audit).</summary>
    Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken);

    /// <summary>Aggregates per interval.</summary>
    Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>The latest stored value of a tag.</summary>
    Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken);
}
