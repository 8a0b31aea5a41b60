using System.Globalization;
using N3Host.Contracts;

namespace ServicesPlugin;

/// <summary>A small in-memory history of one tag (<c>svc/value</c> = 0, 1, 2, ... one per second from 2026-01-01T00:00:00Z), to drive the host's history API.</summary>
public sealed class FixedHistory(int count) : IHistoryService
{
    public const string Tag = "svc/value";

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly HistorySample[] _samples = [.. Enumerable.Range(0, count).Select(i => new HistorySample(Start.AddSeconds(i), TagValue.FromNumber(Tag, i, Start.AddSeconds(i))))];

    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var skip = 0;
        if (cursor is not null && !int.TryParse(cursor, CultureInfo.InvariantCulture, out skip))
            throw new ArgumentException($"cursor \"{cursor}\" was not made by this historian", nameof(cursor));
        if (tag == "svc/broken")
            throw new IOException("the history database went away");
        var all = InRange(tag, from, to).Skip(skip).ToList();
        var page = all.Take(limit).ToList();
        var next = all.Count > limit ? (skip + limit).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new HistoryPage(page, next));
    }

    public Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        IReadOnlyList<HistoryAggregate> result = [.. InRange(tag, from, to)
            .GroupBy(s => (s.Time - from).Ticks / interval.Ticks)
            .Select(g =>
            {
                var values = g.Select(s => s.Value.Number).ToList();
                var start = from + TimeSpan.FromTicks(g.Key * interval.Ticks);
                return new HistoryAggregate(start, start + interval, values.Count, values.Min(), values.Max(), values.Average(), values[0], values[^1]);
            })];
        return Task.FromResult(result);
    }

    public Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken) =>
        Task.FromResult(tag == Tag && _samples.Length > 0 ? _samples[^1] : null);

    private IEnumerable<HistorySample> InRange(string tag, DateTimeOffset from, DateTimeOffset to) =>
        tag == Tag ? _samples.Where(s => s.Time >= from && s.Time < to) : [];
}
