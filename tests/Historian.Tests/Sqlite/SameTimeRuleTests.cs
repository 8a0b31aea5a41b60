using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Testing;
using Xunit;

namespace Historian.Tests.Sqlite;

/// <summary>
/// One value per tag and time: after both nodes were active, two different values of a tag at one source time are settled
/// by the rule (the higher term wins; within one term, the primary's), the same way on both nodes, whatever the order.
/// </summary>
public sealed class SameTimeRuleTests : IDisposable
{
    private const string Tag = "plant/flow";
    private static readonly DateTimeOffset At = TestData.Start.AddSeconds(10);
    private readonly TempDirectory _dir = new("historian-same-time");
    private readonly FakeTimeProvider _time = new(TestData.Start.AddDays(1));

    public void Dispose() => _dir.Dispose();

    private SqliteHistoryStore Store(string node, long term, RedundancyMode mode) => new(_dir.Combine(node, "history.db"), node, () => term, _time, () => mode);

    private static async Task<IReadOnlyList<HistorySample>> QueryAsync(SqliteHistoryStore store, bool audit = false) =>
        (await store.QueryRawAsync(Tag, TestData.Start, TestData.Start.AddHours(1), 100, null, audit, default)).Samples;

    /// <summary>Each node stores its own value, then receives the other's record (as the sync delivers it after the split).</summary>
    private static async Task ExchangeAsync(SqliteHistoryStore a, SqliteHistoryStore b, double onA, double onB)
    {
        await a.WriteAsync([TagValue.FromNumber(Tag, onA, At)], null, default);
        await b.WriteAsync([TagValue.FromNumber(Tag, onB, At)], null, default);
        var fromA = await new SqliteJournal("hist", a).ReadAsync("node-a", 0, 10, default);
        var fromB = await new SqliteJournal("hist", b).ReadAsync("node-b", 0, 10, default);
        await new SqliteJournal("hist", a).ApplyAsync(fromB, default);
        await new SqliteJournal("hist", b).ApplyAsync(fromA, default);
    }

    [Fact]
    public async Task TheValueOfTheHigherTerm_WinsOnBothNodes_TheOtherStaysForAnAudit_AndTheConflictIsCounted()
    {
        // The primary kept writing in term 3 after the backup took over in term 4 (a cut link without a witness).
        await using var primary = Store("node-a", 3, RedundancyMode.Primary);
        await using var backup = Store("node-b", 4, RedundancyMode.Backup);

        await ExchangeAsync(primary, backup, onA: 1.5, onB: 2.5);

        foreach (var store in new[] { primary, backup })
        {
            var shown = Assert.Single(await QueryAsync(store));
            Assert.Equal(2.5, shown.Value.Number);
            var audit = await QueryAsync(store, audit: true);
            Assert.Equal([1.5, 2.5], audit.Select(s => s.Value.Number).Order());
            Assert.True(audit.Single(s => s.Value.Number == 1.5).Superseded);
            Assert.False(audit.Single(s => s.Value.Number == 2.5).Superseded);
            Assert.Equal(1, store.ConflictsResolved);
        }
    }

    [Fact]
    public async Task WithinOneTerm_ThePrimarysValueWins_OnBothNodes()
    {
        // Both went active into the same term from the same one (a split without a witness at the start).
        await using var primary = Store("node-a", 5, RedundancyMode.Primary);
        await using var backup = Store("node-b", 5, RedundancyMode.Backup);

        await ExchangeAsync(primary, backup, onA: 10, onB: 20);

        Assert.Equal(10, Assert.Single(await QueryAsync(primary)).Value.Number);
        Assert.Equal(10, Assert.Single(await QueryAsync(backup)).Value.Number);
    }

    [Fact]
    public async Task TheSameValueFromBothNodes_IsARepeat_NotAConflict()
    {
        await using var primary = Store("node-a", 3, RedundancyMode.Primary);
        await using var backup = Store("node-b", 4, RedundancyMode.Backup);

        await ExchangeAsync(primary, backup, onA: 7, onB: 7);

        foreach (var store in new[] { primary, backup })
        {
            Assert.Single(await QueryAsync(store));
            Assert.Single(await QueryAsync(store, audit: true));
            Assert.Equal(0, store.ConflictsResolved);
        }
    }

    [Fact]
    public async Task AggregatesAndTheLatestValue_FollowTheRuleToo()
    {
        await using var primary = Store("node-a", 3, RedundancyMode.Primary);
        await using var backup = Store("node-b", 4, RedundancyMode.Backup);
        await ExchangeAsync(primary, backup, onA: 1, onB: 100);

        var aggregate = Assert.Single(await primary.QueryAggregatesAsync(Tag, TestData.Start, TestData.Start.AddHours(1), TimeSpan.FromHours(1), default));
        Assert.Equal(1, aggregate.Count);
        Assert.Equal(100, aggregate.Max);
        Assert.Equal(100, (await primary.QueryLatestAsync(Tag, default))!.Value.Number);
    }
}
