namespace N3Host.Contracts;

/// <summary>Queries over stored tag history, offered by the historian through <see cref="INodeServices"/>.</summary>
public interface IHistoryService
{
    /// <summary>Raw values of a tag with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="QueryRawAsync(string, DateTimeOffset, DateTimeOffset, int, string?, CancellationToken)"/>; with
    /// <paramref name="includeSuperseded"/>, also the values that lost to another value at the same tag and time (an audit
    /// after both nodes were active), marked <see cref="HistorySample.Superseded"/> (contracts 1.3).
    /// </summary>
    Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken) =>
        QueryRawAsync(tag, from, to, limit, cursor, cancellationToken);

    /// <summary>Aggregates per <paramref name="interval"/> of a tag's values with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>.</summary>
    Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>The latest stored value of a tag, if any.</summary>
    Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken);
}
