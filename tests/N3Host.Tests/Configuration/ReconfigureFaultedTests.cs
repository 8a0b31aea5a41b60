using N3Host.Contracts;
using Xunit;

namespace N3Host.Tests.Configuration;

/// <summary>A reload that removes or fixes an instance waiting for its restart after a fault.</summary>
public sealed class ReconfigureFaultedTests
{
    private const string Broken = """
        {
          "node": { "name": "n1" },
          "supervisor": { "restartBackoffMs": 1000 },
          "modules": [
            { "instance": "a", "module": "FakeActive", "settings": { "throwIn": "start" } },
            { "instance": "b", "module": "FakeActive" }
          ]
        }
        """;

    [Fact]
    public async Task RemovedWhileWaitingForItsRestart_IsNeverBroughtUpAgain()
    {
        await using var node = await ConfigurationHarness.StartAsync(Broken);
        Assert.Equal(ModuleState.Faulted, node.State("a").State);
        node.Recorder.Clear();
        await File.WriteAllTextAsync(node.ConfigPath, Broken.Replace("""    { "instance": "a", "module": "FakeActive", "settings": { "throwIn": "start" } },""" + "\n", "", StringComparison.Ordinal));

        var result = await node.Service.ReloadAsync(CancellationToken.None);
        await node.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Applied, result.Message);
        Assert.Equal(["a"], result.Removed);
        Assert.Empty(node.Recorder.Events);
        Assert.Equal(["b"], node.Runtime.ModuleStates.Current.Select(s => s.Instance));
    }

    [Fact]
    public async Task FixedWhileWaitingForItsRestart_StartsAtOnce_AndTheOldBackoffDoesNotStartItTwice()
    {
        await using var node = await ConfigurationHarness.StartAsync(Broken);
        Assert.Equal(ModuleState.Faulted, node.State("a").State);
        node.Recorder.Clear();
        await File.WriteAllTextAsync(node.ConfigPath, Broken.Replace("""{ "throwIn": "start" }""", """{ "periodMs": 100 }""", StringComparison.Ordinal));

        var result = await node.Service.ReloadAsync(CancellationToken.None);
        await node.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Applied, result.Message);
        Assert.Equal(["a"], result.Restarted);
        Assert.Equal(["a:new", "a:start"], node.Recorder.Events);
        Assert.Equal(ModuleState.Active, node.State("a").State);
    }
}
