using N3Host.Configuration;
using Xunit;

namespace N3Host.Tests.Configuration;

public sealed class ConfigurationLoaderTests
{
    private const string File = "/etc/n3/modules.json";

    private static NodeConfiguration Parse(string json) => ConfigurationLoader.Parse(json, File);

    private static string Error(string json) => Assert.Throws<ConfigurationException>(() => Parse(json)).Message;

    [Fact]
    public void Parses_AllSections_WithCommentsAndTrailingCommas()
    {
        var config = Parse("""
            {
              // the node
              "node": { "name": "node1", "dataDirectory": "data", "apiPort": 5380, },
              "supervisor": { "restartBackoffMs": 500, "maxRestartBackoffMs": 8000 },
              "modules": [
                { "instance": "sim", "module": "Simulator", "version": "[0.1,1.0)", "enabled": true,
                  "settings": { "periodMs": 250, "tags": [ { "name": "ramp1" } ] } },
                { "instance": "broker", "module": "MqttBroker", "enabled": false },
              ],
            }
            """);

        Assert.Equal("node1", config.Node.Name);
        Assert.Equal("/etc/n3/data", config.Node.DataDirectory);
        Assert.Equal(5380, config.Node.ApiPort);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Supervisor.RestartBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(8000), config.Supervisor.MaxRestartBackoff);
        Assert.Equal(["sim", "broker"], config.Modules.Select(m => m.Instance));
        Assert.Equal("250", config.Modules[0].Settings["periodMs"]);
        Assert.Equal("ramp1", config.Modules[0].Settings["tags:0:name"]);
        Assert.True(config.Modules[0].Version!.Satisfies(new NuGet.Versioning.NuGetVersion(0, 5, 0)));
        Assert.False(config.Modules[0].Version!.Satisfies(new NuGet.Versioning.NuGetVersion(1, 0, 0)));
        Assert.False(config.Modules[1].Enabled);
    }

    [Fact]
    public void Defaults_WhenSectionsAreLeftOut()
    {
        var config = Parse("""{ "modules": [] }""");

        Assert.Equal("node1", config.Node.Name);
        Assert.Equal("/etc/n3/data", config.Node.DataDirectory);
        Assert.Equal(5380, config.Node.ApiPort);
        Assert.Equal(TimeSpan.FromSeconds(1), config.Supervisor.RestartBackoff);
        Assert.Equal(TimeSpan.FromSeconds(60), config.Supervisor.MaxRestartBackoff);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Supervisor.ModuleTimeout);
    }

    [Fact]
    public void AbsoluteDataDirectory_IsKept()
    {
        Assert.Equal("/var/lib/n3", Parse("""{ "node": { "dataDirectory": "/var/lib/n3" } }""").Node.DataDirectory);
    }

    [Fact]
    public void MalformedJson_NamesFileLineAndPosition()
    {
        var message = Error("{\n  \"node\": {\n    \"name\" \"x\"\n  }\n}");

        Assert.StartsWith(File + ": malformed JSON at line 3, position 12", message);
    }

    [Fact]
    public void DuplicateInstance_NamesTheInstanceAndBothEntries()
    {
        var message = Error("""
            { "modules": [ { "instance": "sim", "module": "Simulator" }, { "instance": "sim", "module": "Simulator" } ] }
            """);

        Assert.Contains(File, message);
        Assert.Contains("instance \"sim\" (modules[1]): duplicate instance name: modules[0] has it already", message);
    }

    [Theory]
    [InlineData("""{ "node": { "apiPort": 70000 } }""", "node.apiPort: 70000 is out of range (allowed: 1 to 65535, default 5380)")]
    [InlineData("""{ "node": { "apiPort": "80" } }""", "node.apiPort: \"80\" is not a whole number (allowed: 1 to 65535, default 5380)")]
    [InlineData("""{ "supervisor": { "restartBackoffMs": 5 } }""", "supervisor.restartBackoffMs: 5 is out of range (allowed: 10 to 3600000, default 1000)")]
    [InlineData("""{ "supervisor": { "restartBackoffMs": 5000, "maxRestartBackoffMs": 1000 } }""", "supervisor.maxRestartBackoffMs: 1000 is out of range (allowed: 5000 to 86400000")]
    [InlineData("""{ "node": { "name": "node one" } }""", "node.name: \"node one\" is not allowed: use 1 to 64 letters, digits, '-', '_' or '.'")]
    [InlineData("""{ "node": { "apiport": 1, "port": 2 } }""", "node: unknown setting \"port\" (allowed: name, dataDirectory, apiPort, api)")]
    [InlineData("""{ "modules": [ { "module": "Simulator" } ] }""", "modules[0]: \"instance\" is missing")]
    [InlineData("""{ "modules": [ { "instance": "sim" } ] }""", "instance \"sim\": \"module\" is missing")]
    [InlineData("""{ "modules": [ { "instance": "sim", "module": "Simulator", "version": "[1.0" } ] }""", "instance \"sim\": version: \"[1.0\" is not a version range")]
    [InlineData("""{ "modules": [ { "instance": "sim", "module": "Simulator", "enabled": "yes" } ] }""", "instance \"sim\": enabled: must be true or false")]
    [InlineData("""{ "modules": [ { "instance": "sim", "module": "Simulator", "settings": [1] } ] }""", "instance \"sim\": settings: must be an object")]
    [InlineData("""{ "modules": { } }""", "modules: must be a list")]
    [InlineData("""[ ]""", "the file must hold one JSON object")]
    public void BadValue_NamesTheSettingAndTheAllowedRange(string json, string expected)
    {
        var message = Error(json);

        Assert.StartsWith(File + ": ", message);
        Assert.Contains(expected, message);
    }

    [Fact]
    public void MissingFile_NamesIt()
    {
        var message = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load("/nonexistent/n3/modules.json")).Message;

        Assert.Equal("/nonexistent/n3/modules.json: file not found", message);
    }
}
