using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.HostProcess;

/// <summary>
/// A redundant pair of real n3host processes, each with its embedded historian: the history survives a failover and a
/// failback on both nodes, every value once.
/// </summary>
public sealed class RedundantPairHistoryProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static async Task<int> CountAsync(string config, DateTimeOffset from) =>
        (await HistorianPair.HistoryAsync(config, "sim/counter", from, DateTimeOffset.UtcNow.AddMinutes(1))).Count;

    private static Task RoleIsAsync(string config, string role, string because) =>
        Eventually.TrueAsync(async () => await HistorianPair.RoleAsync(config) == role, Patience, because);

    [Fact]
    public async Task PrimaryKilled_BackupStores_PrimaryBack_BothNodesHoldTheSameHistory_NoneLostOrDoubled()
    {
        await using var pair = await HistorianPair.CreateAsync();
        var begin = DateTimeOffset.UtcNow.AddSeconds(-1);
        var primary = pair.Start(pair.PrimaryConfig);
        pair.Start(pair.BackupConfig);
        await RoleIsAsync(pair.PrimaryConfig, "active", "the primary is active");
        await RoleIsAsync(pair.BackupConfig, "standby", "the backup is standby");

        // Continuous replication: the standby backup's embedded store holds what the active primary stores.
        await Eventually.TrueAsync(async () => await CountAsync(pair.BackupConfig, begin) >= 30, Patience,
            "the standby backup holds at least 30 of the primary's counter values");

        var killed = DateTimeOffset.UtcNow;
        primary.Kill();
        await primary.WaitForExitAsync(Patience);
        await RoleIsAsync(pair.BackupConfig, "active", "the backup is active after the primary was killed");
        var takenOver = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(async () => await CountAsync(pair.BackupConfig, takenOver) >= 30, Patience,
            "the active backup stores at least 30 counter values of its own");

        var restarted = DateTimeOffset.UtcNow;
        pair.Start(pair.PrimaryConfig);
        await RoleIsAsync(pair.PrimaryConfig, "active", "the restarted primary is active again");
        await RoleIsAsync(pair.BackupConfig, "standby", "the backup is standby again");
        var back = DateTimeOffset.UtcNow;
        await Eventually.TrueAsync(async () => await CountAsync(pair.BackupConfig, back) >= 50, Patience,
            "the backup holds at least 50 values the primary stored after it came back");

        // A range both nodes have surely replicated: it ends a few seconds ago.
        var end = DateTimeOffset.UtcNow.AddSeconds(-2);
        foreach (var tag in HistorianPair.Tags)
        {
            List<(DateTimeOffset Time, string Value)> a = [], b = [];
            await Eventually.TrueAsync(async () =>
            {
                a = await HistorianPair.HistoryAsync(pair.PrimaryConfig, tag, begin, end);
                b = await HistorianPair.HistoryAsync(pair.BackupConfig, tag, begin, end);
                return a.SequenceEqual(b);
            }, Patience, $"both nodes hold the same history of {tag}");
            output.WriteLine($"{tag}: {a.Count} values on each node, {a.Count(v => v.Time < killed)} before the kill, "
                + $"{a.Count(v => v.Time > takenOver && v.Time < restarted)} from the backup, {a.Count(v => v.Time > back)} after the failback");

            foreach (var (first, second) in a.Zip(a.Skip(1)).Where(p => p.Second.Time - p.First.Time > TimeSpan.FromMilliseconds(150)))
                output.WriteLine($"{tag}: no values from {first.Time:HH:mm:ss.fff} to {second.Time:HH:mm:ss.fff} (no node active, or sampling skipped)");

            Assert.Equal(a.Count, a.Select(v => v.Time).Distinct().Count());
            Assert.All(a.Zip(a.Skip(1)), p => Assert.True(p.First.Time < p.Second.Time, $"{tag}: {p.First} then {p.Second}"));
            Assert.True(a.Count(v => v.Time < killed) >= 30, $"{tag}: the primary's values from before the kill are there");
            Assert.True(a.Count(v => v.Time > takenOver && v.Time < restarted) >= 30, $"{tag}: the backup's values while it was active are there");
            Assert.True(a.Count(v => v.Time > back) >= 10, $"{tag}: the primary's values after the failback are there");
        }

        // The counter is a function of the source time (sample k at k × 100 ms has value k mod 1 000 000): no value is altered.
        var counter = await HistorianPair.HistoryAsync(pair.BackupConfig, "sim/counter", begin, end);
        Assert.All(counter, v => Assert.Equal(((v.Time.ToUnixTimeMilliseconds() / 100) % 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture), v.Value));
    }
}
