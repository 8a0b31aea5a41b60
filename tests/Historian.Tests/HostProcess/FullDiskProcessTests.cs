using System.Diagnostics;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Historian.Tests.HostProcess;

/// <summary>
/// A real n3host process (500 simulated tags at 200 ms) whose data folder is a tmpfs that a filler file fills up. 32 MiB,
/// not 2: SQLite's WAL alone grows to about 4 MiB before a checkpoint, so a smaller disk fills again at once after the
/// filler is deleted.
/// </summary>
public sealed class FullDiskProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("historian-fulldisk");

    public void Dispose() => _dir.Dispose();

    private static async Task<JsonNode> StatusAsync(string config)
    {
        var result = await HostCli.RunAsync("status", "--json", "--config", config);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"n3host status failed ({result.ExitCode}): {result.Output}");
        return JsonNode.Parse(result.StdOut)!;
    }

    private static JsonNode Instance(JsonNode status) => status["modules"]!.AsArray().Single(m => m!["instance"]!.GetValue<string>() == "history")!;

    private static JsonNode Section(JsonNode status) => status["services"]!["historian:history"]!;

    [SkippableFact]
    public async Task DiskFillsUnderLoad_TheHistorianIsDegradedNotFaulted_CountsWhatItLoses_StaysQueryable_AndResumesWithin5sOfSpace()
    {
        var data = _dir.Combine("data");
        using var disk = TinyDisk.MountOrExplain(data, 32 * 1024, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        var config = new NodeConfig("full-node", data, FreePort.Get())
            .Add("sim", "Simulator", new { periodMs = 200, count = 500 })
            .Add("history", "Historian", new { tags = new[] { "sim/*" }, memoryLimitValues = 20_000 })
            .WriteTo(_dir.Combine("modules.json"));

        await using var node = NodeProcess.Start(config);
        await node.WaitForLineAsync(l => l.Contains("is running", StringComparison.Ordinal), Patience);
        await Eventually.TrueAsync(async () => Section(await StatusAsync(config))["stored"]!.GetValue<long>() >= 5000, Patience, "values stored");

        var filler = disk!.Fill();
        JsonNode status = null!;
        await Eventually.TrueAsync(
            async () => Instance(status = await StatusAsync(config))["state"]!.GetValue<string>() == "Degraded" && Section(status)["lost"]!["diskFull"]!.GetValue<long>() > 0,
            Patience,
            "the historian degraded and counting");
        output.WriteLine(status.ToJsonString());
        var instance = Instance(status);
        var section = Section(status);
        Assert.StartsWith($"disk full at {data}", instance["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("bytes free)", instance["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("degraded", section["state"]!.GetValue<string>());
        Assert.Equal(instance["lastError"]!.GetValue<string>(), section["condition"]!.GetValue<string>());
        Assert.Equal(20_000, section["heldValues"]!.GetValue<long>());
        Assert.False(node.HasExited);

        // Stored values stay queryable while the disk is full.
        var history = await HostCli.RunAsync("history", "sim/load/counter3", "--from", "-1h", "--to", "now", "--json", "--config", _dir.Combine("modules.json"));
        Assert.True(history.ExitCode == 0, history.Output);
        Assert.NotEmpty(JsonNode.Parse(history.StdOut)!["samples"]!.AsArray());

        // Space comes back: writing resumes within 5 s, without a restart.
        var storedBefore = Section(await StatusAsync(config))["stored"]!.GetValue<long>();
        File.Delete(filler);
        var freed = Stopwatch.StartNew();
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    var now = await StatusAsync(config);
                    return Instance(now)["state"]!.GetValue<string>() == "Active" && Section(now)["stored"]!.GetValue<long>() > storedBefore;
                },
                TimeSpan.FromSeconds(30),
                "writing resumed within 5 s of space coming back");
        }
        catch (TimeoutException)
        {
            output.WriteLine((await StatusAsync(config)).ToJsonString());
            output.WriteLine(node.Output);
            throw;
        }

        output.WriteLine($"resumed {freed.ElapsedMilliseconds} ms after the filler was deleted");
        Assert.DoesNotContain(node.Lines, l => l.Contains("history faulted in", StringComparison.Ordinal));

        // The count is on disk once there is room (or the reserve made it).
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(data, "modules", "history", "losses.json")), Patience, "losses.json written");
        var saved = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(data, "modules", "history", "losses.json")))!;
        Assert.True(saved["diskFull"]!.GetValue<long>() > 0);
    }
}
