using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using N3Host.Pairing;
using N3Host.Testing;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Tests.Pairing;

/// <summary>What a pairing writes into modules.json (a temp folder): the redundancy instance, or the Links trust lists.</summary>
public sealed class PairingConfigWriterTests : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-pairing-writer");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 13, 0, 0, TimeSpan.Zero));
    private readonly HostCertificate _a = HostCertificate.Create("node-a");
    private readonly HostCertificate _b = HostCertificate.Create("node-b");

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void TheBackup_WithoutARedundancyInstance_GetsOne_InBackupMode_PointingAtThePrimary_AndTheOtherInstancesStay()
    {
        var path = Write("""
            { "node": { "name": "node-b", "dataDirectory": "data" },
              // a comment
              "modules": [ { "instance": "sim", "module": "Simulator", "settings": { "periodMs": 1000 } } ] }
            """);

        var said = PairingConfigWriter.WriteBackup(path, new PairingOffer("node-a", _a.Pem, 4002), "10.0.0.10", _time);

        var root = Read(path);
        var modules = root["modules"]!.AsArray();
        Assert.Equal(["redundancy", "sim"], modules.Select(m => m!["instance"]!.GetValue<string>()));
        var settings = modules[0]!["settings"]!;
        Assert.Equal("backup", settings["mode"]!.GetValue<string>());
        Assert.Equal("primary.pem", settings["remoteCertificate"]!.GetValue<string>());
        Assert.Equal("10.0.0.10", settings["connection"]!["host"]!.GetValue<string>());
        Assert.Equal(4002, settings["connection"]!["port"]!.GetValue<int>());
        Assert.Equal(1000, modules[1]!["settings"]!["periodMs"]!.GetValue<int>());
        Assert.Equal(_a.Pem.TrimEnd(), File.ReadAllText(_folder.Combine("primary.pem")).TrimEnd());
        Assert.Contains("// a comment", File.ReadAllText(path + ".bak"), StringComparison.Ordinal);
        Assert.Contains("mode backup, remoteCertificate primary.pem, connection 10.0.0.10:4002", said, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePrimary_KeepsItsConfiguredAddress_AndSetsTheListenAddressOnlyWhenThereIsNone()
    {
        var configured = Write("""{ "node": { "name": "node-a" }, "modules": [ { "instance": "r", "module": "Redundancy", "settings": { "mode": "standalone", "server": { "networkInterface": "10.0.0.10" } } } ] }""");

        PairingConfigWriter.WritePrimary(configured, new PairingOffer("node-b", _b.Pem, null), "0.0.0.0", _time);

        var settings = Read(configured)["modules"]![0]!["settings"]!;
        Assert.Equal("primary", settings["mode"]!.GetValue<string>());
        Assert.Equal("backup.pem", settings["remoteCertificate"]!.GetValue<string>());
        Assert.Equal("10.0.0.10", settings["server"]!["networkInterface"]!.GetValue<string>());
    }

    [Fact]
    public void Links_TheRemoteTrustsBothPairNodes_AndThePairTrustsTheRemote_OnceEvenWhenPairedTwice()
    {
        var remote = Write("""{ "node": { "name": "site1" }, "modules": [ { "instance": "up", "module": "Links", "settings": { "role": "client", "host": "127.0.0.1", "port": 3011 } } ] }""");
        var primary = Write("""{ "node": { "name": "node-a" }, "modules": [ { "instance": "from-sites", "module": "Links", "settings": { "role": "server", "port": 3010, "trustedCertificates": [] } } ] }""", "p");
        var offer = new PairingOffer("node-a", _a.Pem, null) { PairCertificates = [_a.Pem, _b.Pem] };

        PairingConfigWriter.TrustLinkServers(remote, offer, _time);
        PairingConfigWriter.TrustLinkServers(remote, offer, _time);
        PairingConfigWriter.TrustLinkClient(primary, new PairingOffer("site1", _b.Pem, null) { Purpose = PairingOffer.LinksPurpose }, _time);

        var servers = Read(remote)["modules"]![0]!["settings"]!["serverCertificates"]!.AsArray().Select(c => c!.GetValue<string>().TrimEnd());
        Assert.Equal([_a.Pem.TrimEnd(), _b.Pem.TrimEnd()], servers);
        var trusted = Read(primary)["modules"]![0]!["settings"]!["trustedCertificates"]!.AsArray().Select(c => c!.GetValue<string>().TrimEnd());
        Assert.Equal([_b.Pem.TrimEnd()], trusted);
    }

    [Fact]
    public void Links_WithoutALinksClient_IsRefused_AndNothingIsWritten()
    {
        var text = """{ "node": { "name": "site1" }, "modules": [] }""";
        var path = Write(text);

        var refused = Assert.Throws<PairingRefusedException>(() => PairingConfigWriter.TrustLinkServers(path, new PairingOffer("node-a", _a.Pem, null), _time));

        Assert.Contains("no Links instance with role client", refused.Message, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(path));
    }

    private string Write(string text, string folder = "")
    {
        var directory = _folder.Combine(folder);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "modules.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonNode Read(string path) =>
        JsonNode.Parse(File.ReadAllText(path), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
}
