namespace N3Host.Contracts;

/// <summary>Queries over stored tag history, offered by the historian through <see cref="INodeServices"/>.</summary>
public interface IHistoryService
{
    /// <summary>Raw values of a tag with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>Aggregates per <paramref name="interval"/> of a tag's values with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>.</summary>
    Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>The latest stored value of a tag, if any.</summary>
    Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken);
}
