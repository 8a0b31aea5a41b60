using Historian.Tests.Module;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian;
using N3Host.Plugins.Historian.Retention;
using N3Host.Plugins.Historian.Sqlite;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.Retention;

public sealed class RetentionTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("historian-retention");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ValuesOlderThanRetentionDays_AreDeleted_AtStartAndThenOnTheModulesClock_TheRestIsKept()
    {
        var now = TestData.Start.AddDays(60);
        var time = new FakeTimeProvider(now);

        // Sixty days of history, one value every 10 minutes for three tags (more rows per tag than one delete chunk).
        var old = new List<TagValue>();
        for (var t = TestData.Start; t < now; t = t.AddMinutes(10))
        {
            for (var i = 0; i < 3; i++)
                old.Add(TagValue.FromNumber($"r/{i}", t.ToUnixTimeSeconds() % 1000, t));
        }

        await using (var store = new SqliteHistoryStore(_dir.Combine(HistorianModule.DatabaseFileName), "node1", () => 1, time))
        {
            foreach (var batch in TestData.Batches(old, 1000))
                await store.WriteAsync(batch, null, default);
        }

        Assert.True(old.Count(v => v.Path == "r/0" && v.SourceTime < now.AddDays(-30)) > RetentionLoop.ChunkSize);
        await using var h = await ModuleHarness.StartAsync(_dir.Path, new Dictionary<string, string?> { ["retentionDays"] = "30", ["batchSize"] = "10" }, output, time);

        // Writes go on while retention runs.
        var fresh = Enumerable.Range(0, 50).Select(i => TagValue.FromNumber("r/new", i, now.AddSeconds(i))).ToList();
        await h.PublishAsync(fresh);

        await Eventually.TrueAsync(
            async () => (await h.ReadAllAsync("r/0")).Count == old.Count(v => v.Path == "r/0" && v.SourceTime >= now.AddDays(-30)),
            ModuleHarness.Patience,
            "values older than 30 days deleted at start");
        for (var i = 0; i < 3; i++)
            Assert.Equal(old.Where(v => v.Path == $"r/{i}" && v.SourceTime >= now.AddDays(-30)), await h.ReadAllAsync($"r/{i}"));
        await h.WaitForStoredAsync(50, "new values stored while retention ran");
        Assert.Equal(fresh, await h.ReadAllAsync("r/new"));

        // A day later (on the module's clock) another day has gone.
        var dayLater = now.AddDays(1);
        await Eventually.TrueAsync(
            async () =>
            {
                var step = dayLater - time.GetUtcNow();
                if (step > TimeSpan.Zero)
                    time.Advance(step > TimeSpan.FromHours(2) ? TimeSpan.FromHours(2) : step);
                return (await h.ReadAllAsync("r/1")).Count == old.Count(v => v.Path == "r/1" && v.SourceTime >= dayLater.AddDays(-30));
            },
            ModuleHarness.Patience,
            "one more day deleted a day later");

        // The journal keeps each origin's last sequence, so replication resumes where it was.
        Assert.True(await h.Context.Registry.Get("historian/hist").GetLastSequenceAsync("node1", default) >= 27);
    }
}
