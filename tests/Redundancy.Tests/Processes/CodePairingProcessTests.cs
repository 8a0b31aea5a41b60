using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Processes;

/// <summary>
/// Pairing by code with real n3host processes on loopback: two fresh nodes (no certificate anywhere in their configuration, none
/// copied by the test) pair with the code <c>n3host pair</c> printed, and run as a pair without a restart.
/// </summary>
public sealed partial class CodePairingProcessTests : IDisposable
{
    private const string PrimaryActive = "Redundancy: Primary node is now Active";
    private const string BackupActive = "Redundancy: Backup node is now Active";
    private readonly TempDirectory _folder = new("n3host-code-pairing");
    private readonly int _peerPort = FreePort.Get();
    private readonly int _pairingPort = FreePort.Get();
    private readonly string _primaryConfig;
    private readonly string _backupConfig;

    public CodePairingProcessTests()
    {
        _primaryConfig = Config("a", "node-a", new JsonObject
        {
            ["instance"] = "redundancy",
            ["module"] = "Redundancy",
            ["settings"] = new JsonObject
            {
                ["mode"] = "standalone",
                ["server"] = new JsonObject { ["port"] = _peerPort, ["pairingPort"] = _pairingPort, ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = 3_000 },
            },
        });

        // The backup as installed with no redundancy at all: pairing adds the instance.
        _backupConfig = Config("b", "node-b", null);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TwoFreshNodes_PairWithTheCodeOnly_AWrongCodeAndGarbageFirst_ThePairComesUpWithoutARestart_AndFailoverSwapsTheRoles()
    {
        await using var primary = NodeProcess.Start(_primaryConfig);
        await ProcessPair.LineAsync(primary, 0, "Node node-a is running");
        Assert.False(Listens(_pairingPort), "nothing listens on the pairing port before a code is open");

        var opened = await HostCli.RunAsync("pair", "--config", _primaryConfig, "--no-wait");
        Assert.True(opened.ExitCode == 0, opened.Output);
        var code = CodeLine().Match(opened.StdOut).Groups[1].Value;
        Assert.Contains($"n3host pair --with 127.0.0.1:{_pairingPort} --code {code}", opened.StdOut);

        var garbage = await SendGarbageAsync();
        Assert.Contains("not an n3host pairing request", garbage);

        var wrong = await HostCli.RunAsync("pair", "--config", _backupConfig, "--with", $"127.0.0.1:{_pairingPort}", "--code", Other(code));
        Assert.Equal(3, wrong.ExitCode);
        Assert.Contains("n3host: the pairing code was wrong (2 attempts left)", wrong.StdErr);
        Assert.False(File.Exists(Beside(_backupConfig, "primary.pem")), "a wrong code writes nothing");
        await ProcessPair.LineAsync(primary, 0, "the pairing code was wrong (2 attempts left)");

        // The backup's node does not run yet: the CLI pairs it, and the node takes the settings when it starts.
        var joined = await HostCli.RunAsync("pair", "--config", _backupConfig, "--with", $"127.0.0.1:{_pairingPort}", "--code", code.ToLowerInvariant());
        Assert.True(joined.ExitCode == 0, joined.Output);
        Assert.Contains("Paired with primary node-a", joined.StdOut);
        Assert.Contains($"This node does not run: start it (n3host run --config {_backupConfig}) and the pair comes up.", joined.StdOut);
        await ProcessPair.LineAsync(primary, 0, "Paired with backup node-b");
        Assert.False(Listens(_pairingPort), "the pairing port closes once the code is used");

        // Each node holds the other's certificate, as `n3host cert show` prints it there, and its redundancy settings name it.
        Assert.Equal(await CertAsync(_primaryConfig), await File.ReadAllTextAsync(Beside(_backupConfig, "primary.pem")));
        Assert.Equal(await CertAsync(_backupConfig), await File.ReadAllTextAsync(Beside(_primaryConfig, "backup.pem")));
        var backupSettings = Redundancy(_backupConfig);
        Assert.Equal("backup", backupSettings["mode"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", backupSettings["connection"]!["host"]!.GetValue<string>());
        Assert.Equal(_peerPort, backupSettings["connection"]!["port"]!.GetValue<int>());
        Assert.Equal("primary", Redundancy(_primaryConfig)["mode"]!.GetValue<string>());

        // The running primary applied its side at once (no restart): its redundancy instance runs in primary mode.
        await ProcessPair.LineAsync(primary, 0, "Pairing: configuration reloaded");
        await Eventually.TrueAsync(async () => (await HostCli.RunAsync("status", "--config", _primaryConfig, "--json")).StdOut.Contains("\"mode\": \"Primary\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the primary's status says mode Primary");

        await using var backup = NodeProcess.Start(_backupConfig);
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);

        var failover = await HostCli.RunAsync("failover", "--config", _primaryConfig);
        Assert.True(failover.ExitCode == 0, failover.Output);
        Assert.Contains("node-b takes the active role", failover.StdOut);
        await ProcessPair.LineAsync(backup, 0, BackupActive);
    }

    [Fact]
    public async Task ARemoteNodePairedWithLinks_TrustsBothNodesOfThePair_AndThePairTrustsIt_ItsLinkComesUp()
    {
        var linkPorts = (Primary: FreePort.Get(), Backup: FreePort.Get());
        AddLinksServer(_primaryConfig, linkPorts.Primary);
        AddLinksServer(_backupConfig, linkPorts.Backup);
        var remoteConfig = Config("c", "site1", new JsonObject
        {
            ["instance"] = "up",
            ["module"] = "Links",
            ["settings"] = new JsonObject { ["role"] = "client", ["host"] = "127.0.0.1", ["port"] = linkPorts.Primary, ["reconnectDelay"] = 200 },
        });

        // The pair first, by code, both nodes running: the CLI on the backup pairs it and its running node applies it.
        await using var primary = NodeProcess.Start(_primaryConfig);
        await using var backup = NodeProcess.Start(_backupConfig);
        await ProcessPair.LineAsync(primary, 0, "Node node-a is running");
        await ProcessPair.LineAsync(backup, 0, "Node node-b is running");
        var code = await OpenCodeAsync();
        var joined = await HostCli.RunAsync("pair", "--config", _backupConfig, "--with", $"127.0.0.1:{_pairingPort}", "--code", code);
        Assert.True(joined.ExitCode == 0, joined.Output);
        Assert.Contains("This node applied it: its redundancy instance runs as the backup", joined.StdOut);
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);

        var linksCode = await OpenCodeAsync();
        var linked = await HostCli.RunAsync("pair", "--config", remoteConfig, "--with", $"127.0.0.1:{_pairingPort}", "--code", linksCode, "--links");

        Assert.True(linked.ExitCode == 0, linked.Output);
        Assert.Contains("Links paired with node-a (its pair: 2 certificate(s))", linked.StdOut);
        var pinned = Settings(remoteConfig, "Links")["serverCertificates"]!.AsArray().Select(c => c!.GetValue<string>().TrimEnd()).ToList();
        Assert.Equal([(await CertAsync(_primaryConfig)).TrimEnd(), (await CertAsync(_backupConfig)).TrimEnd()], pinned);
        var remoteCertificate = (await CertAsync(remoteConfig)).TrimEnd();
        await ProcessPair.LineAsync(primary, 0, "restarted [from-sites]");
        await Poll.UntilAsync(() => TrustedBy(_backupConfig).Contains(remoteCertificate), "the backup's Links server trusts the remote node (configuration sync)",
            TimeSpan.FromSeconds(30), () => File.ReadAllText(_backupConfig));

        await using var remote = NodeProcess.Start(remoteConfig);
        await ProcessPair.LineAsync(remote, 0, "Link to 127.0.0.1:" + linkPorts.Primary + " up (server node node-a");
    }

    [Fact]
    public async Task ThreeWrongCodes_VoidTheCode_TheRightOneIsRefusedAfter_AndThePortCloses()
    {
        await using var primary = NodeProcess.Start(_primaryConfig);
        await ProcessPair.LineAsync(primary, 0, "Node node-a is running");
        var code = await OpenCodeAsync();
        var said = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var wrong = await HostCli.RunAsync("pair", "--config", _backupConfig, "--with", $"127.0.0.1:{_pairingPort}", "--code", Other(code));
            Assert.Equal(3, wrong.ExitCode);
            said.Add(wrong.StdErr.Trim());
        }

        Assert.Equal(
            ["n3host: the pairing code was wrong (2 attempts left)", "n3host: the pairing code was wrong (1 attempt left)",
                "n3host: the pairing code was wrong 3 times and is void now; run n3host pair again on the primary"],
            said);
        await Eventually.TrueAsync(() => !Listens(_pairingPort), TimeSpan.FromSeconds(10), "the pairing port closes once the code is void");
        var right = await HostCli.RunAsync("pair", "--config", _backupConfig, "--with", $"127.0.0.1:{_pairingPort}", "--code", code);
        Assert.Equal(2, right.ExitCode);
        Assert.Contains("nothing listens there: is a pairing code open on the primary (n3host pair)", right.StdErr);
        Assert.False(File.Exists(Beside(_backupConfig, "primary.pem")), "nothing was written");
    }

    [Fact]
    public async Task TheBackupsRunningNode_PairsThroughTheApi_AsTheConsoleFormDoes_RefusingAWrongCodeFirst()
    {
        await using var primary = NodeProcess.Start(_primaryConfig);
        await using var backup = NodeProcess.Start(_backupConfig);
        await ProcessPair.LineAsync(primary, 0, "Node node-a is running");
        await ProcessPair.LineAsync(backup, 0, "Node node-b is running");
        var code = await OpenCodeAsync();
        using var http = NodeApiClient.Create(ApiPort(_backupConfig), _folder.Combine("b", "data"));

        using var wrong = await JoinAsync(http, Other(code));
        using var right = await JoinAsync(http, code);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, wrong.StatusCode);
        Assert.Contains("the pairing code was wrong (2 attempts left)", await wrong.Content.ReadAsStringAsync());
        var answer = JsonNode.Parse(await right.Content.ReadAsStringAsync())!;
        Assert.True(right.IsSuccessStatusCode, answer.ToJsonString());
        Assert.Equal("node-a", answer["peer"]!.GetValue<string>());
        Assert.Null(answer["peerProblem"]);
        Assert.Equal("backup", Redundancy(_backupConfig)["mode"]!.GetValue<string>());
        Assert.Equal(await CertAsync(_primaryConfig), await File.ReadAllTextAsync(Beside(_backupConfig, "primary.pem")));
        await ProcessPair.LineAsync(primary, 0, "Paired with backup node-b");

        // Both running nodes applied the pairing: the pair comes up without a restart.
        Assert.Contains("its redundancy instance runs as the backup", answer["next"]!.GetValue<string>());
        await ProcessPair.LineAsync(backup, 0, "Redundancy: paired with node-a");
        await ProcessPair.LineAsync(primary, 0, PrimaryActive);
    }

    [Fact]
    public async Task ThePairCommand_OnANodeWithoutAListenAddress_SaysWhereToGiveIt()
    {
        var config = Config("c", "node-c", null);
        await using var node = NodeProcess.Start(config);
        await ProcessPair.LineAsync(node, 0, "Node node-c is running");

        var refused = await HostCli.RunAsync("pair", "--config", config, "--no-wait");

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("n3host pair --listen ADDRESS", refused.StdErr);
    }

    private string Config(string folder, string name, JsonObject? module) => NodeConfig.WriteInstalled(_folder, folder, name, module);

    private async Task<string> OpenCodeAsync()
    {
        var opened = await HostCli.RunAsync("pair", "--config", _primaryConfig, "--no-wait");
        Assert.True(opened.ExitCode == 0, opened.Output);
        return CodeLine().Match(opened.StdOut).Groups[1].Value;
    }

    private async Task<HttpResponseMessage> JoinAsync(HttpClient http, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/pair/join")
        {
            Content = new StringContent(new JsonObject { ["with"] = $"127.0.0.1:{_pairingPort}", ["code"] = code }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-N3Host-Request", "1");
        return await http.SendAsync(request);
    }

    private static int ApiPort(string config) => JsonNode.Parse(File.ReadAllText(config))!["node"]!["apiPort"]!.GetValue<int>();

    private static void AddLinksServer(string config, int port)
    {
        var root = JsonNode.Parse(File.ReadAllText(config))!;
        root["modules"]!.AsArray().Add(new JsonObject
        {
            ["instance"] = "from-sites",
            ["module"] = "Links",
            ["localSettings"] = new JsonArray("port"),
            ["settings"] = new JsonObject { ["role"] = "server", ["port"] = port, ["networkInterface"] = "127.0.0.1" },
        });
        File.WriteAllText(config, root.ToJsonString());
    }

    private static List<string> TrustedBy(string config)
    {
        try
        {
            return Settings(config, "Links")["trustedCertificates"] is JsonArray list ? [.. list.Select(c => c!.GetValue<string>().TrimEnd())] : [];
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return []; // being rewritten
        }
    }

    private static string Beside(string config, string file) => Path.Combine(Path.GetDirectoryName(config)!, file);

    private static JsonNode Redundancy(string config) => Settings(config, "Redundancy");

    private static JsonNode Settings(string config, string module)
    {
        var text = string.Join('\n', File.ReadAllLines(config).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        return JsonNode.Parse(text)!["modules"]!.AsArray().Single(m => m!["module"]!.GetValue<string>() == module)!["settings"]!;
    }

    private static async Task<string> CertAsync(string config)
    {
        var shown = await HostCli.RunAsync("cert", "show", "--config", config);
        Assert.True(shown.ExitCode == 0, shown.Output);
        return shown.StdOut;
    }

    private static string Other(string code) => (code[0] == 'A' ? "B" : "A") + code[1..];

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>An HTTP request on the pairing port; returns what came back.</summary>
    private async Task<string> SendGarbageAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _pairingPort);
        var stream = client.GetStream();
        await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer).WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(answer.ToArray());
    }

    [GeneratedRegex(@"Pairing code: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})")]
    private static partial Regex CodeLine();
}
