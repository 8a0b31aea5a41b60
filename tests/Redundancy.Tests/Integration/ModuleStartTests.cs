using System.Net;
using System.Net.Sockets;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;
using N3Host.Testing.Harness;

namespace N3Host.Plugins.Redundancy.Tests.Integration;

public sealed class ModuleStartTests
{
    [Fact]
    public async Task PortInUse_FailsTheStartWithTheSetting_AndLeavesRoleControlFree()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        using var folder = new TempFolder();
        var settings = new
        {
            mode = "primary",
            remoteCertificate = HostCertificate.Create("b").Pem,
            server = new { port, networkInterface = "127.0.0.1" },
            mqtt = new { enabled = false },
        };
        await using var node = new ModuleNode("node-a", folder.Path, HostCertificate.Create("a"), settings, new RoleHistory());

        var error = await Assert.ThrowsAsync<RedundancySettingsException>(node.StartAsync);

        Assert.Contains($"settings 'server.networkInterface'/'server.port': cannot listen on 127.0.0.1:{port}", error.Message);
        using var control = node.Context.AcquireRoleControl();
        Assert.Null(node.Context.NodeServices.Status("redundancy"));
    }

    [Fact]
    public async Task Standalone_IsActive_AndRefusesFailoverWithTheReason()
    {
        using var folder = new TempFolder();
        await using var node = new ModuleNode("solo", folder.Path, HostCertificate.Create("solo"), new { mqtt = new { enabled = false } }, new RoleHistory());
        await node.StartAsync();

        var result = await node.Control.FailoverAsync(CancellationToken.None);

        Assert.True(node.Role.IsActive);
        Assert.Equal(Contracts.RedundancyMode.Standalone, node.Role.Mode);
        Assert.False(result.Accepted);
        Assert.Contains("this node is standalone", result.Message);
        Assert.Equal("standalone", node.Status.Mode);
    }

    [Fact]
    public async Task MissingRemoteCertificateFile_FailsTheStartNamingTheSettingAndThePath()
    {
        using var folder = new TempFolder();
        var settings = new { mode = "backup", remoteCertificate = "peer.pem", connection = new { host = "127.0.0.1" }, mqtt = new { enabled = false } };
        await using var node = new ModuleNode("node-b", folder.Path, HostCertificate.Create("b"), settings, new RoleHistory());

        var error = await Assert.ThrowsAsync<RedundancySettingsException>(node.StartAsync);

        Assert.Contains("setting 'remoteCertificate': 'peer.pem' is neither a PEM certificate", error.Message);
        Assert.Contains(Path.Combine(folder.Path, "peer.pem"), error.Message);
    }
}
