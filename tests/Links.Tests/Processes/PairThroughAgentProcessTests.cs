using System.Diagnostics;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Processes;

/// <summary>
/// Real processes: a remote node linked through its RedundancyAgent to a redundant pair (Redundancy
/// module, primary and backup), each node its own <c>n3host run</c>.
/// </summary>
public sealed class PairThroughAgentProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RemoteNode_LinkedToAPairThroughTheAgent_ResumesToTheBackup_WhenThePrimaryIsKilled()
    {
        foreach (var plugin in new[] { "Redundancy", "Simulator", "Links", "RedundancyAgent" })
        {
            Assert.True(
                File.Exists(Path.Combine(HostBuild.OutputDirectory, "plugins", plugin, plugin + ".dll")),
                $"this test runs the real {plugin} module: its plugin is not in the host's build output ({HostBuild.OutputDirectory}plugins)");
        }

        using var folder = new TempDirectory("n3host-links-pair");
        var alpha = new NodeSetup(folder, "alpha");
        var beta = new NodeSetup(folder, "beta");
        var site1 = new NodeSetup(folder, "site1");
        var (redundancyPort, alphaLink, betaLink, agentPort) = (FreePort.Get(), FreePort.Get(), FreePort.Get(), FreePort.Get());
        var alphaPem = await alpha.CertificateAsync();
        var betaPem = await beta.CertificateAsync();
        var site1Pem = await site1.CertificateAsync();

        alpha.Config
            .Add("redundancy", "Redundancy", new
            {
                mode = "primary",
                remoteCertificate = betaPem,
                server = new { port = redundancyPort, networkInterface = "127.0.0.1", initialStandbyTime = 2000 },
                mqtt = new { enabled = false },
            })
            .Add("from-sites", "Links", new { role = "server", port = alphaLink, trustedCertificates = new[] { site1Pem } });
        beta.Config
            .Add("redundancy", "Redundancy", new
            {
                mode = "backup",
                remoteCertificate = alphaPem,
                connection = new { host = "127.0.0.1", port = redundancyPort, connectionTimeout = 1000, reconnectDelay = 200 },
                mqtt = new { enabled = false },
            })
            .Add("from-sites", "Links", new { role = "server", port = betaLink, trustedCertificates = new[] { site1Pem } });
        site1.Config
            .Add("sim", "Simulator", new { periodMs = 20, tags = new[] { new { path = "sim/counter", type = "counter", min = 0, max = 1_000_000_000, step = 1 } } })
            .Add("agent", "RedundancyAgent", new
            {
                port = agentPort,
                primary = new { host = "127.0.0.1", port = alphaLink },
                backup = new { host = "127.0.0.1", port = betaLink },
            })
            .Add("to-central", "Links", new
            {
                role = "client",
                host = "127.0.0.1",
                port = agentPort,
                tags = new[] { "sim/*" },
                serverCertificates = new[] { alphaPem, betaPem },
                reconnectDelay = 200,
            });

        await using var alphaProcess = alpha.Start();
        await using var betaProcess = beta.Start();
        await using var siteProcess = site1.Start();
        using var siteApi = new NodeApi(site1.ApiPort);
        using var betaApi = new NodeApi(beta.ApiPort);
        using var alphaApi = new NodeApi(alpha.ApiPort);

        await Eventually.TrueAsync(async () => await LinkPeerAsync(siteApi) == "alpha", Patience, "site1's link reaches alpha, the active primary, through the agent\n" + siteProcess.Output + "\n" + alphaProcess.Output);
        await Eventually.TrueAsync(async () => await CounterAsync(alphaApi) > 10, Patience, "alpha receives site1's counter (needs the real Simulator module)\n" + siteProcess.Output);
        var redundancy = (await alphaApi.StatusAsync())?["modules"]?.AsArray().FirstOrDefault(m => m?["instance"]?.GetValue<string>() == "redundancy");
        Assert.True(redundancy?["state"]?.ToString() is "Active" or "active", $"alpha's Redundancy module runs (needs the real Redundancy module): {redundancy?.ToJsonString()}");

        var killed = Stopwatch.StartNew();
        alphaProcess.Kill();
        await Eventually.TrueAsync(async () => await LinkPeerAsync(siteApi) == "beta", Patience, "site1's link resumes to beta through the agent\n" + siteProcess.Output + "\n" + betaProcess.Output);
        output.WriteLine($"link resumed to the backup {killed.ElapsedMilliseconds} ms after SIGKILL of the primary (includes the backup's failure detection and activation)");

        var first = await CounterAsync(betaApi);
        await Eventually.TrueAsync(async () => await CounterAsync(betaApi) > first + 10, Patience, "site1's values keep arriving on beta");
        var agent = await siteApi.SectionAsync("redundancyAgent:agent");
        Assert.Equal("beta", agent?["targetNode"]?.GetValue<string>());
        Assert.Equal(0, (await siteApi.SectionAsync("links:to-central"))?["overflowed"]?.GetValue<long>());
    }

    private static async Task<string?> LinkPeerAsync(NodeApi api)
    {
        var link = await api.SectionAsync("links:to-central");
        return link?["connected"]?.GetValue<bool>() == true ? link["peer"]?.GetValue<string>() : null;
    }

    private static async Task<double> CounterAsync(NodeApi api)
    {
        try
        {
            var tags = await api.TagsAsync("site1/sim/counter");
            var value = tags.FirstOrDefault()?["value"];
            return value is null ? -1 : value.GetValue<double>();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    private sealed class NodeSetup
    {
        public NodeSetup(TempDirectory folder, string name)
        {
            Name = name;
            ApiPort = FreePort.Get();
            ConfigPath = folder.Combine($"{name}.json");
            Config = new NodeConfig(name, folder.Combine(name), ApiPort);
        }

        public string Name { get; }

        public int ApiPort { get; }

        public string ConfigPath { get; }

        public NodeConfig Config { get; }

        /// <summary>Generates the node's certificate with <c>n3host cert show</c> and returns its PEM.</summary>
        public async Task<string> CertificateAsync()
        {
            Config.WriteTo(ConfigPath);
            var result = await Cli.RunAsync("cert", "show", "--config", ConfigPath);
            Assert.True(result.ExitCode == 0, $"n3host cert show failed: {result.StdErr}");
            return result.StdOut.Trim();
        }

        public NodeProcess Start()
        {
            Config.WriteTo(ConfigPath);
            return NodeProcess.Start(ConfigPath);
        }
    }
}
