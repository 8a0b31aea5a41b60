using Links.Tests.Hosting;
using Links.Tests.Links;
using N3Host.Contracts;
using N3Host.Plugins.Links;
using N3Host.Plugins.RedundancyAgent;
using N3Host.Testing.Harness;
using N3Host.Testing;

namespace Links.Tests.Agent;

/// <summary>
/// A central pair (nodes "alpha" primary and "beta" backup, each with a Links server that runs only
/// while its node is active) and a remote node "site1" whose link client goes through its local
/// RedundancyAgent. Role changes are made by the test (the host side's role gate), and the receipt
/// journal is copied from the old active node to the new one as the redundancy core replicates journals.
/// </summary>
public sealed class PairRig : IAsyncDisposable
{
    private readonly Dictionary<TestNode, (LinksModule Module, ModuleTestContext Context, bool Running)> _servers = [];

    public PairRig()
    {
        Alpha = new TestNode("alpha");
        Beta = new TestNode("beta");
        Remote = new TestNode("site1");
        AlphaPort = FreePort.Get();
        BetaPort = FreePort.Get();
        AgentPort = FreePort.Get();
        AlphaReceived = new ValueCollector(Alpha.Tags, "site1/*");
        BetaReceived = new ValueCollector(Beta.Tags, "site1/*");
        Create(Alpha, AlphaPort);
        Create(Beta, BetaPort);
    }

    public TestNode Alpha { get; }

    public TestNode Beta { get; }

    public TestNode Remote { get; }

    public int AlphaPort { get; }

    public int BetaPort { get; }

    public int AgentPort { get; }

    public ValueCollector AlphaReceived { get; }

    public ValueCollector BetaReceived { get; }

    public RedundancyAgentModule? Agent { get; private set; }

    public LinksModule? Client { get; private set; }

    public System.Text.Json.Nodes.JsonNode AgentStatus => Remote.Services.StatusJson("redundancyAgent:agent")!;

    public bool ClientConnected => Remote.Services.StatusJson("links:link-out")?["connected"]?.GetValue<bool>() == true;

    public string? ClientPeer => Remote.Services.StatusJson("links:link-out")?["peer"]?.GetValue<string>();

    public object AgentSettings(int healthCheckPeriod = 200) => new
    {
        port = AgentPort,
        primary = new { host = "127.0.0.1", port = AlphaPort },
        backup = new { host = "127.0.0.1", port = BetaPort },
        healthCheckPeriod,
        healthCheckTimeout = 1000,
    };

    public async Task StartRemoteAsync(object? agentSettings = null)
    {
        var (agent, agentContext) = Remote.Create("agent", "RedundancyAgent", agentSettings ?? AgentSettings(), c => ModuleFactory.Create<RedundancyAgentModule>(c));
        await agent.StartAsync(agentContext, CancellationToken.None);
        Agent = agent;
        var (client, clientContext) = Remote.Create(
            "link-out",
            "Links",
            new
            {
                role = "client",
                host = "127.0.0.1",
                port = AgentPort,
                tags = new[] { "sim/*" },
                serverCertificates = new[] { Alpha.Certificate.Pem, Beta.Certificate.Pem },
                connectionTimeout = 2000,
                reconnectDelay = 100,
            },
            c => ModuleFactory.Create<LinksModule>(c));
        await client.StartAsync(clientContext, CancellationToken.None);
        Client = client;
    }

    /// <summary>Makes <paramref name="node"/> active in <paramref name="term"/> (its Links server starts) and the other standby (its server stops).</summary>
    public async Task ActivateAsync(TestNode node, long term)
    {
        var other = node == Alpha ? Beta : Alpha;
        other.RoleGate.Set(other == Alpha ? RedundancyMode.Primary : RedundancyMode.Backup, NodeRole.Standby, term);
        await StopServerAsync(other);
        await CopyReceiptsAsync(other, node);
        node.RoleGate.Set(node == Alpha ? RedundancyMode.Primary : RedundancyMode.Backup, NodeRole.Active, term);
        await StartServerAsync(node);
    }

    public async Task StartServerAsync(TestNode node)
    {
        var (module, context, running) = _servers[node];
        if (!running)
        {
            await module.StartAsync(context, CancellationToken.None);
            _servers[node] = (module, context, true);
        }
    }

    public async Task StopServerAsync(TestNode node)
    {
        var (module, context, running) = _servers[node];
        if (running)
        {
            await module.StopAsync(CancellationToken.None);
            _servers[node] = (module, context, false);
        }
    }

    public async Task PublishCounterAsync(int first, int count)
    {
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await Remote.Tags.PublishAsync(TagValue.FromNumber("sim/counter", first + i, start.AddTicks(i)), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.StopAsync(CancellationToken.None);
        }

        if (Agent is not null)
        {
            await Agent.StopAsync(CancellationToken.None);
        }

        await StopServerAsync(Alpha);
        await StopServerAsync(Beta);
        AlphaReceived.Dispose();
        BetaReceived.Dispose();
        Alpha.Dispose();
        Beta.Dispose();
        Remote.Dispose();
        TestLog.ThrowIfUnexpectedErrors([Alpha.Logs, Beta.Logs, Remote.Logs]);
    }

    /// <summary>What the redundancy core does with every journal: the records the source holds are applied on the destination.</summary>
    private static async Task CopyReceiptsAsync(TestNode from, TestNode to)
    {
        foreach (var journal in from.Journals.All)
        {
            var target = to.Journals.All.Single(j => j.Name == journal.Name);
            foreach (var origin in await journal.GetOriginsAsync(CancellationToken.None))
            {
                var after = await target.GetLastSequenceAsync(origin, CancellationToken.None);
                var records = await journal.ReadAsync(origin, after, int.MaxValue, CancellationToken.None);
                await target.ApplyAsync(records, CancellationToken.None);
            }
        }
    }

    private void Create(TestNode node, int port)
    {
        node.RoleGate.Set(node == Alpha ? RedundancyMode.Primary : RedundancyMode.Backup, NodeRole.Standby, 0);
        var (module, context) = node.Create(
            "link-in",
            "Links",
            new { role = "server", port, trustedCertificates = new[] { Remote.Certificate.Pem } },
            c => ModuleFactory.Create<LinksModule>(c));
        _servers[node] = (module, context, false);
    }
}
