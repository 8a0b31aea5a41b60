using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer.Messages;
using N3Host.Plugins.Redundancy.Roles;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

/// <summary>What makes a pair refuse to synchronize: a different host version, or a module configured on both nodes in another version.</summary>
public sealed class VersionCheckTests
{
    private static HelloMessage Peer(string host, params ModuleVersion[] modules) =>
        new("node-b", RedundancyMode.Backup, host, modules, 1, NodeRole.Standby);

    private static readonly ModuleVersion[] Here =
    [
        new("redundancy", "Redundancy", "0.1.0"),
        new("history", "Historian", "0.1.0"),
        new("broker", "MqttBroker", "0.1.0"),
    ];

    [Fact]
    public void SameVersions_NoDifference()
    {
        Assert.Empty(VersionCheck.Compare("0.1.0", Here, Peer("0.1.0", [.. Here])));
    }

    [Fact]
    public void HostAndModuleDifferences_AreNamedWithBothVersions()
    {
        var peer = Peer("0.2.0", new("redundancy", "Redundancy", "0.1.0"), new("history", "Historian", "0.3.0"), new("broker", "MqttBroker", "0.1.0"));

        var differences = VersionCheck.Compare("0.1.0", Here, peer);

        Assert.Equal([new VersionDifference("host", "0.1.0", "0.2.0"), new VersionDifference("Historian", "0.1.0", "0.3.0")], differences);
        Assert.Equal("Historian 0.1.0 here, 0.3.0 there", differences[1].ToString());
    }

    [Fact]
    public void AModuleConfiguredOnOneNodeOnly_IsNotAVersionDifference()
    {
        var peer = Peer("0.1.0", new("redundancy", "Redundancy", "0.1.0"), new("history", "Historian", "0.1.0"), new("sim", "Simulator", "0.1.0"));

        Assert.Empty(VersionCheck.Compare("0.1.0", Here, peer));
    }

    [Fact]
    public void AModuleThatCouldNotBeLoaded_HasNoVersionToCompare()
    {
        var peer = Peer("0.1.0", new("redundancy", "Redundancy", "0.1.0"), new("history", "Historian", null), new("broker", "MqttBroker", "0.1.0"));

        Assert.Empty(VersionCheck.Compare("0.1.0", Here, peer));
    }
}
