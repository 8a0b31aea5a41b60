using N3Host.Configuration;
using N3Host.Contracts;
using Xunit;

namespace N3Host.Tests.Configuration;

/// <summary>Reloading modules.json on a running node, and taking the peer's shared part: what restarts and what does not.</summary>
public sealed class ReloadTests
{
    private const string Initial = """
        {
          "node": { "name": "n1", "dataDirectory": "data" },
          "modules": [
            { "instance": "redundancy", "module": "Redundancy", "settings": { "mode": "primary" } },
            { "instance": "a", "module": "FakeActive", "settings": { "periodMs": 100 } },
            { "instance": "b", "module": "FakeActive", "settings": { "periodMs": 100 } },
            { "instance": "c", "module": "FakeAlways", "settings": { "port": 1 }, "localSettings": ["port"] }
          ]
        }
        """;

    private static string Edit(string from, string to) => Initial.Replace(from, to, StringComparison.Ordinal);

    [Fact]
    public async Task Reload_RestartsOnlyTheChangedInstance_StartsNewOnes_StopsRemovedOnes_AndBumpsTheRevision()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        var before = node.Service.Current.Revision;
        node.Recorder.Clear();
        var text = Edit("""{ "instance": "b", "module": "FakeActive", "settings": { "periodMs": 100 } },""",
                """{ "instance": "b", "module": "FakeActive", "settings": { "periodMs": 250 } },""")
            .Replace("""{ "instance": "c", "module": "FakeAlways", "settings": { "port": 1 }, "localSettings": ["port"] }""",
                """{ "instance": "d", "module": "FakeAlways" }""", StringComparison.Ordinal);
        await File.WriteAllTextAsync(node.ConfigPath, text);

        var result = await node.Service.ReloadAsync(CancellationToken.None);

        Assert.True(result.Applied, result.Message);
        Assert.Equal(["b"], result.Restarted);
        Assert.Equal(["d"], result.Added);
        Assert.Equal(["c"], result.Removed);
        // Always instances come up first (d), then ActiveOnly ones (b), as at start.
        Assert.Equal(["c:stop", "b:stop", "d:new", "d:start", "b:new", "b:start"], node.Recorder.Events);
        Assert.Equal("250", node.Recorder.Module("b").Context.Settings["periodMs"]);
        Assert.Equal(["redundancy", "a", "b", "d"], node.Runtime.ModuleStates.Current.Select(s => s.Instance));
        Assert.All(node.Runtime.ModuleStates.Current, s => Assert.Equal(ModuleState.Active, s.State));
        Assert.Equal(before.Counter + 1, result.Revision.Counter);
        Assert.Equal(result.Revision, node.Service.Current.Revision);
        Assert.Equal(result.Revision, node.Service.Status().Revision);
    }

    [Fact]
    public async Task Reload_OfABadFile_ChangesNothing_AndSaysWhereTheFileIsWrong()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        var before = node.Service.Current;
        node.Recorder.Clear();
        await File.WriteAllTextAsync(node.ConfigPath, Edit("\"instance\": \"b\", \"module\"", "\"instance\": \"b\" \"module\""));

        var result = await node.Service.ReloadAsync(CancellationToken.None);

        Assert.False(result.Applied);
        Assert.Contains("malformed JSON at line 6, position", result.Message, StringComparison.Ordinal);
        Assert.Empty(node.Recorder.Events);
        Assert.Equal(before, node.Service.Current);
        Assert.Equal(result.Message, node.Service.Status().LastError!.Message);
        Assert.All(node.Runtime.ModuleStates.Current, s => Assert.Equal(ModuleState.Active, s.State));
    }

    [Fact]
    public async Task Reload_OfAFileThatDoesNotValidate_ChangesNothing_AndNamesTheSetting()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        var before = node.Service.Current;
        node.Recorder.Clear();
        await File.WriteAllTextAsync(node.ConfigPath, Edit("\"instance\": \"b\"", "\"instance\": \"a\""));

        var result = await node.Service.ReloadAsync(CancellationToken.None);

        Assert.False(result.Applied);
        Assert.Contains("duplicate instance name", result.Message, StringComparison.Ordinal);
        Assert.Empty(node.Recorder.Events);
        Assert.Equal(before, node.Service.Current);
    }

    [Fact]
    public async Task Reload_WithOnlyANodeLocalChange_RestartsTheInstance_ButKeepsTheRevision()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        var before = node.Service.Current.Revision;
        node.Recorder.Clear();
        await File.WriteAllTextAsync(node.ConfigPath, Edit("\"port\": 1", "\"port\": 2"));

        var result = await node.Service.ReloadAsync(CancellationToken.None);

        Assert.True(result.Applied, result.Message);
        Assert.Equal(["c"], result.Restarted);
        Assert.Equal(before, result.Revision);
    }

    [Fact]
    public async Task Reload_DoesNotRestartTheRedundancyInstance_ItsChangeWaitsForTheNextStart()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        node.Recorder.Clear();
        await File.WriteAllTextAsync(node.ConfigPath, Edit("\"mode\": \"primary\"", "\"mode\": \"backup\""));

        var result = await node.Service.ReloadAsync(CancellationToken.None);

        Assert.True(result.Applied, result.Message);
        Assert.Empty(result.Restarted);
        Assert.Empty(node.Recorder.Events);
        Assert.Contains(result.NotApplied, n => n.Contains("instance redundancy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditWhileStopped_MakesANewRevisionAtTheNextStart_AnUnchangedFileKeepsIt()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        var first = node.Service.Current.Revision;

        await node.RestartAsync();
        Assert.Equal(first, node.Service.Current.Revision);

        await File.WriteAllTextAsync(node.ConfigPath, Edit("\"instance\": \"a\", \"module\": \"FakeActive\", \"settings\": { \"periodMs\": 100 }",
            "\"instance\": \"a\", \"module\": \"FakeActive\", \"settings\": { \"periodMs\": 150 }"));
        await node.RestartAsync();
        Assert.Equal(first.Counter + 1, node.Service.Current.Revision.Counter);
        Assert.Equal("n1", node.Service.Current.Revision.Node);
        Assert.NotEqual(first.Hash, node.Service.Current.Revision.Hash);
    }

    [Fact]
    public async Task PeerConfiguration_RewritesTheFile_KeepsTheNodeLocalPart_AndRestartsOnlyWhatChanged()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        node.Recorder.Clear();
        var incoming = new SharedConfiguration(
            new ConfigurationRevision(7, "n2", "peer-hash", node.Time.GetUtcNow()),
            """
            [ { "instance": "a", "module": "FakeActive", "settings": { "periodMs": 100 } },
              { "instance": "b", "module": "FakeActive", "settings": { "periodMs": 999 } },
              { "instance": "c", "module": "FakeAlways", "settings": { "port": 5 }, "localSettings": ["port"] } ]
            """);

        var result = await node.Service.ApplyAsync(incoming, "peer n2", CancellationToken.None);

        Assert.True(result.Applied, result.Message);
        Assert.Equal(["b"], result.Restarted);
        Assert.Equal(incoming.Revision, node.Service.Current.Revision);
        var written = ConfigurationLoader.Load(node.ConfigPath);
        Assert.Equal("n1", written.Node.Name);
        Assert.Equal("""{"mode":"primary"}""", SharedModules.Canonical(SharedModules.ParseShared($"[{written.Modules[0].SettingsJson}]")[0]));
        Assert.Equal("999", written.Modules.Single(m => m.Instance == "b").Settings["periodMs"]);
        Assert.Equal("1", written.Modules.Single(m => m.Instance == "c").Settings["port"]);
        Assert.True(File.Exists(node.ConfigPath + ".bak"));
        Assert.Equal(Initial, await File.ReadAllTextAsync(node.ConfigPath + ".bak"));

        // The adopted revision survives a restart: the file is what the revision says.
        await node.RestartAsync();
        Assert.Equal(incoming.Revision, node.Service.Current.Revision);
    }

    [Fact]
    public async Task PeerConfiguration_ThatWouldNotLoad_ChangesNothing()
    {
        await using var node = await ConfigurationHarness.StartAsync(Initial);
        node.Recorder.Clear();
        var before = node.Service.Current;
        var incoming = new SharedConfiguration(new ConfigurationRevision(7, "n2", "h", node.Time.GetUtcNow()),
            """[ { "instance": "a", "module": "FakeActive", "enabled": "yes" } ]""");

        var result = await node.Service.ApplyAsync(incoming, "peer n2", CancellationToken.None);

        Assert.False(result.Applied);
        Assert.Contains("enabled: must be true or false", result.Message, StringComparison.Ordinal);
        Assert.Equal(Initial, await File.ReadAllTextAsync(node.ConfigPath));
        Assert.Equal(before, node.Service.Current);
        Assert.Empty(node.Recorder.Events);
    }
}
