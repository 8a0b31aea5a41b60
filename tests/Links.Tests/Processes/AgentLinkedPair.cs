using N3Host.Testing;
using Xunit;

namespace Links.Tests.Processes;

/// <summary>
/// Three real nodes: a central pair (alpha primary, beta backup) with a Links server each, and a remote
/// node site1 whose Simulator counter reaches the pair's active node through site1's RedundancyAgent.
/// </summary>
internal sealed class AgentLinkedPair : IDisposable
{
    /// <summary>site1's counter as the pair sees it (the Links server's prefix defaults to the sender's node name).</summary>
    public const string LinkedCounter = "site1/sim/counter";

    public const long CounterRange = 1_000_000_000;

    private readonly TempDirectory _folder;

    private AgentLinkedPair(TempDirectory folder)
    {
        _folder = folder;
        Alpha = new NodeSetup(folder, "alpha");
        Beta = new NodeSetup(folder, "beta");
        Site1 = new NodeSetup(folder, "site1");
    }

    public NodeSetup Alpha { get; }

    public NodeSetup Beta { get; }

    public NodeSetup Site1 { get; }

    /// <summary>Configures the three nodes (certificates exchanged, free ports); <paramref name="centralHistorian"/> adds a Historian with those settings on alpha, beta and site1.</summary>
    public static async Task<AgentLinkedPair> CreateAsync(string folderPrefix, int periodMs, object? centralHistorian = null)
    {
        string[] plugins = centralHistorian is null
            ? ["Redundancy", "Simulator", "Links", "RedundancyAgent"]
            : ["Redundancy", "Simulator", "Links", "RedundancyAgent", "Historian"];
        foreach (var plugin in plugins)
        {
            Assert.True(
                File.Exists(Path.Combine(HostBuild.OutputDirectory, "plugins", plugin, plugin + ".dll")),
                $"this test runs the real {plugin} module: its plugin is not in the host's build output ({HostBuild.OutputDirectory}plugins)");
        }

        var pair = new AgentLinkedPair(new TempDirectory(folderPrefix));
        var (redundancyPort, alphaLink, betaLink, agentPort) = (FreePort.Get(), FreePort.Get(), FreePort.Get(), FreePort.Get());
        var alphaPem = await pair.Alpha.CertificateAsync();
        var betaPem = await pair.Beta.CertificateAsync();
        var site1Pem = await pair.Site1.CertificateAsync();

        // Without a historian nothing stores the values, so the servers acknowledge on delivery (ackAfterStored = false).
        var ackAfterStored = centralHistorian is not null;

        pair.Alpha.Config
            .Add("redundancy", "Redundancy", new
            {
                mode = "primary",
                remoteCertificate = betaPem,
                server = new { port = redundancyPort, networkInterface = "127.0.0.1", initialStandbyTime = 2000 },
                mqtt = new { enabled = false },
            });
        pair.Beta.Config
            .Add("redundancy", "Redundancy", new
            {
                mode = "backup",
                remoteCertificate = alphaPem,
                connection = new { host = "127.0.0.1", port = redundancyPort, connectionTimeout = 1000, reconnectDelay = 200 },
                mqtt = new { enabled = false },
            });
        if (centralHistorian is not null)
        {
            // Above the link servers (modules start in file order), so the historian runs before the first value arrives;
            // site1 stores what it produces, so the test compares the pair's history with the source's own record.
            pair.Alpha.Config.Add("history", "Historian", centralHistorian);
            pair.Beta.Config.Add("history", "Historian", centralHistorian);
            pair.Site1.Config.Add("history", "Historian", centralHistorian);
        }

        pair.Alpha.Config.Add("from-sites", "Links", new { role = "server", port = alphaLink, trustedCertificates = new[] { site1Pem }, ackAfterStored }, localSettings: ["port"]);
        pair.Beta.Config.Add("from-sites", "Links", new { role = "server", port = betaLink, trustedCertificates = new[] { site1Pem }, ackAfterStored }, localSettings: ["port"]);

        pair.Site1.Config
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
            })
            // The simulator last: modules start in file order, so the link is subscribed before the first value.
            .Add("sim", "Simulator", new { periodMs, tags = new[] { new { path = "sim/counter", type = "counter", min = 0, max = CounterRange, step = 1 } } });
        return pair;
    }

    public void Dispose() => _folder.Dispose();
}
