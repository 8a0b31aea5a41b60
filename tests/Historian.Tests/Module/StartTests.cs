using Microsoft.Data.Sqlite;
using N3Host.Plugins.Historian;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.Module;

/// <summary>An instance's start never waits on its store: the first open (a migration, the replay after a kill) runs beside it.</summary>
public sealed class StartTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new("historian-start");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Start_Returns_WhileTheFirstOpenWaitsForTheFile_AndTheValuesAreStoredOnceItMayWrite()
    {
        // A file of the first format, which the first open migrates (a write), held by another program's write lock.
        var file = Path.Combine(_dir.Path, HistorianModule.DatabaseFileName);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Sqlite", "Fixtures", "history-v1.db"), file);
        using var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        other.Open();
        using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            begin.ExecuteNonQuery();
        }

        var values = TestData.Interleaved(3, 20, prefix: "after/tag");
        var settings = new Dictionary<string, string?> { ["batchSize"] = values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        // The store waits out SQLite's busy timeout (5 s) on a locked file before it gives up: a start that touched the store
        // itself would take at least that long, whatever the machine. The start returns, and the first open waits beside it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var h = await Task.Run(() => ModuleHarness.StartAsync(_dir.Path, settings, output)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the start took {clock.Elapsed.TotalSeconds:0.0} s: it waited on the locked store");
        Assert.Null(h.Status.LastError);
        await h.PublishAsync(values);
        Assert.Equal(0, h.Status.Stored);

        using (var commit = other.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        other.Close();
        await h.WaitForStoredAsync(values.Count, "every value stored once the other program let go of the file");
        Assert.Equal(values.Where(v => v.Path == "after/tag1"), await h.ReadAllAsync("after/tag1"));
        Assert.Empty(h.Context.Faults);
    }
}
