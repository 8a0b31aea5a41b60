using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using N3Host.Api;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Pairing;
using N3Host.Plugins;
using N3Host.Testing;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// The primary's pairing service in one process with real loopback TCP and the node's clock faked: the port is open only while
/// the code is, and a backup (the real join, its own folder) pairs through it.
/// </summary>
public sealed class PairingServiceTests : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("n3host-pairing-service");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero));
    private readonly HostCertificate _primaryCertificate = HostCertificate.Create("node-a");
    private readonly HostCertificate _backupCertificate = HostCertificate.Create("node-b");
    private readonly int _pairingPort = FreePort.Get();
    private readonly PairingService _service;

    public PairingServiceTests()
    {
        var path = Write("a", $$"""
            { "node": { "name": "node-a", "dataDirectory": "data" },
              "modules": [ { "instance": "redundancy", "module": "Redundancy",
                             "settings": { "mode": "standalone", "server": { "networkInterface": "127.0.0.1", "pairingPort": {{_pairingPort}} } } } ] }
            """);
        var config = ConfigurationLoader.Load(path);
        var plugins = _folder.Combine("plugins");
        Directory.CreateDirectory(plugins);
        var runtime = new NodeRuntime(new NodeInfo("node-a", config.Node.DataDirectory, new Version(0, 1), new Version(1, 0), path), _primaryCertificate,
            NullLoggerFactory.Instance, _time);
        var node = new NodeContext(config, PluginCatalog.Discover(plugins, new Version(1, 0)), [], runtime);
        _service = new PairingService(node, _primaryCertificate, _time, NullLogger.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        _primaryCertificate.Dispose();
        _backupCertificate.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ThePort_IsOpenOnlyWhileTheCodeIs_AndClosesWhenTheCodeExpiresOnTheNodesClock()
    {
        Assert.False(Listens(), "no code, no listener");

        var state = _service.Open(listen: null);
        Assert.Equal($"127.0.0.1:{_pairingPort}", _service.EndPoint?.ToString());
        Assert.True(Listens(), "the listener is up while the code is open");

        _time.Advance(PairingCodes.Validity - TimeSpan.FromSeconds(1));
        Assert.True(Listens(), "still open one second before the expiry");
        _time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => !Listens(), TimeSpan.FromSeconds(10), "the listener closes when the code expires");
        Assert.Null(_service.EndPoint);
        Assert.Equal(PairingPhase.Expired, _service.Codes.Current.Phase);
        Assert.Equal($"the pairing code expired at 13:10 UTC; run n3host pair again on the primary", _service.Codes.Current.Message);
        Assert.NotNull(state.Code);
    }

    [Fact]
    public async Task ABackup_PairsThroughThePort_WithTheCode_ThenThePortCloses_AndANewCodeOpensItAgain()
    {
        var code = _service.Open(listen: null).Code!;
        var backupPath = Write("b", """{ "node": { "name": "node-b", "dataDirectory": "data" }, "modules": [] }""");

        var outcome = await PairingJoin.JoinAsync(ConfigurationLoader.Load(backupPath), _backupCertificate, new PairingTarget("127.0.0.1", _pairingPort), code,
            links: false, TimeProvider.System, CancellationToken.None);

        Assert.Equal("node-a", outcome.Peer.Node);
        Assert.Null(outcome.PeerConfirmed);
        Assert.Equal(_backupCertificate.Pem.TrimEnd(), File.ReadAllText(_folder.Combine("a", "backup.pem")).TrimEnd());
        Assert.Equal(_primaryCertificate.Pem.TrimEnd(), File.ReadAllText(_folder.Combine("b", "primary.pem")).TrimEnd());
        await Eventually.TrueAsync(() => !Listens(), TimeSpan.FromSeconds(10), "the listener closes once the code is used");

        _service.Open(listen: null);
        Assert.True(Listens(), "a new code opens the port again");
    }

    private string Write(string folder, string text)
    {
        Directory.CreateDirectory(_folder.Combine(folder));
        var path = _folder.Combine(folder, "modules.json");
        File.WriteAllText(path, text);
        return path;
    }

    private bool Listens()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", _pairingPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
