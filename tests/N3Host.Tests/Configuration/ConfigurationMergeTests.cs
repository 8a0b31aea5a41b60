using System.Text.Json.Nodes;
using N3Host.Configuration;
using Xunit;

namespace N3Host.Tests.Configuration;

/// <summary>The peer's shared part put into this node's modules.json: what is replaced and what stays this node's own.</summary>
public sealed class ConfigurationMergeTests
{
    // The backup of a pair on one machine: its own node section, broker port, historian folder and redundancy settings.
    private const string Backup = """
        {
          // the backup
          "node": { "name": "backup", "dataDirectory": "data-b", "apiPort": 5381 },
          "supervisor": { "restartBackoffMs": 500 },
          "modules": [
            { "instance": "broker", "module": "MqttBroker", "localSettings": ["port"], "settings": { "port": 1884, "maxClients": 10 } },
            { "instance": "redundancy", "module": "Redundancy", "settings": { "mode": "backup", "connection": { "host": "127.0.0.1", "port": 3002 } } },
            { "instance": "historian", "module": "Historian", "settings": { "store": { "folder": "hist-b", "days": 7 } } },
            { "instance": "old", "module": "Simulator", "settings": { "periodMs": 1000 } }
          ]
        }
        """;

    // The primary's shared part: the broker's maxClients changed, the historian keeps 30 days and marks its folder local,
    // "old" is gone, "sim2" is new; its own port and folder values differ from the backup's.
    private const string PrimaryShared = """
        [
          { "instance": "broker", "module": "MqttBroker", "localSettings": ["port"], "settings": { "port": 1883, "maxClients": 50 } },
          { "instance": "historian", "module": "Historian", "localSettings": ["store.folder"], "settings": { "store": { "folder": "hist-a", "days": 30 } } },
          { "instance": "sim2", "module": "Simulator", "localSettings": ["port"], "settings": { "periodMs": 250, "port": 7000 } }
        ]
        """;

    private static JsonObject Merge(out List<string> notes)
    {
        notes = [];
        return ConfigurationMerge.Merge(SharedModules.ParseRoot(Backup), SharedModules.ParseShared(PrimaryShared), "peer primary", notes);
    }

    private static JsonObject Instance(JsonObject root, string name) =>
        SharedModules.Instances(root).Single(i => SharedModules.Name(i) == name);

    [Fact]
    public void SharedPart_IsReplaced_InThePeersOrder_RemovedInstancesGo_NewOnesCome()
    {
        var merged = Merge(out _);

        var names = SharedModules.Instances(merged).Select(SharedModules.Name).ToList();
        Assert.Equal(["broker", "redundancy", "historian", "sim2"], names);
        Assert.Equal(50, Instance(merged, "broker")["settings"]!["maxClients"]!.GetValue<int>());
        Assert.Equal(30, Instance(merged, "historian")["settings"]!["store"]!["days"]!.GetValue<int>());
        Assert.Equal(250, Instance(merged, "sim2")["settings"]!["periodMs"]!.GetValue<int>());
    }

    [Fact]
    public void NodeSection_AndSupervisorSection_AreUntouched()
    {
        var merged = Merge(out _);

        Assert.Equal("backup", merged["node"]!["name"]!.GetValue<string>());
        Assert.Equal("data-b", merged["node"]!["dataDirectory"]!.GetValue<string>());
        Assert.Equal(5381, merged["node"]!["apiPort"]!.GetValue<int>());
        Assert.Equal(500, merged["supervisor"]!["restartBackoffMs"]!.GetValue<int>());
    }

    [Fact]
    public void RedundancyInstance_IsUntouched_AtItsPlace()
    {
        var before = SharedModules.Canonical(Instance(SharedModules.ParseRoot(Backup), "redundancy"));

        var merged = Merge(out _);

        Assert.Equal(before, SharedModules.Canonical(Instance(merged, "redundancy")));
        Assert.Equal(1, SharedModules.Instances(merged).ToList().FindIndex(i => SharedModules.Name(i) == "redundancy"));
    }

    [Fact]
    public void LocalMarkedSettings_KeepThisNodesValues_NestedOnesToo()
    {
        var merged = Merge(out _);

        Assert.Equal(1884, Instance(merged, "broker")["settings"]!["port"]!.GetValue<int>());
        Assert.Equal("hist-b", Instance(merged, "historian")["settings"]!["store"]!["folder"]!.GetValue<string>());
        Assert.Equal(["store.folder"], SharedModules.LocalPaths(Instance(merged, "historian")));
    }

    [Fact]
    public void NewInstance_StartsFromThePeersLocalValues_AndSaysSo()
    {
        var merged = Merge(out var notes);

        Assert.Equal(7000, Instance(merged, "sim2")["settings"]!["port"]!.GetValue<int>());
        var note = Assert.Single(notes);
        Assert.Contains("\"sim2\" is new", note, StringComparison.Ordinal);
        Assert.Contains("port", note, StringComparison.Ordinal);
    }

    [Fact]
    public void MergedFile_LoadsAgain()
    {
        var merged = Merge(out _);

        var config = ConfigurationLoader.Parse(merged.ToJsonString(), "/tmp/modules.json");

        Assert.Equal(["broker", "redundancy", "historian", "sim2"], config.Modules.Select(m => m.Instance));
    }

    [Fact]
    public void PeerInstance_WithTheNameOfTheLocalRedundancyInstance_IsRefused()
    {
        var incoming = SharedModules.ParseShared("""[ { "instance": "redundancy", "module": "Simulator" } ]""");

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationMerge.Merge(SharedModules.ParseRoot(Backup), incoming, "peer primary", []));

        Assert.Contains("\"redundancy\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_LeavesOutTheRedundancyInstance_LocalSettings_KeyOrderAndComments()
    {
        var a = SharedModules.Hash(SharedModules.Extract(SharedModules.ParseRoot("""
            { "modules": [
              { "instance": "broker", "module": "MqttBroker", "localSettings": ["port"], "settings": { "port": 1883, "maxClients": 5 } },
              { "instance": "redundancy", "module": "Redundancy", "settings": { "mode": "primary" } } ] }
            """)));
        var b = SharedModules.Hash(SharedModules.Extract(SharedModules.ParseRoot("""
            { "modules": [
              // the same shared part, written differently, with this node's own port and redundancy settings
              { "settings": { "maxClients": 5, "port": 1884 }, "module": "MqttBroker", "instance": "broker", "localSettings": ["port"] },
              { "instance": "redundancy", "module": "Redundancy", "settings": { "mode": "backup" } } ] }
            """)));
        var changed = SharedModules.Hash(SharedModules.Extract(SharedModules.ParseRoot("""
            { "modules": [ { "instance": "broker", "module": "MqttBroker", "localSettings": ["port"], "settings": { "port": 1883, "maxClients": 6 } } ] }
            """)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, changed);
    }

    [Theory]
    [InlineData("\"localSettings\": \"port\"", "must be a list of setting names")]
    [InlineData("\"localSettings\": [\"server..port\"]", "localSettings[0]: \"server..port\" is not a setting name")]
    [InlineData("\"localSettings\": [1]", "localSettings[0]: 1 is not a setting name")]
    public void BadLocalSettings_AreConfigurationErrors_NamingTheInstance(string entry, string expected)
    {
        var text = $$"""{ "modules": [ { "instance": "broker", "module": "MqttBroker", {{entry}} } ] }""";

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Parse(text, "/tmp/modules.json"));

        Assert.Contains("instance \"broker\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
