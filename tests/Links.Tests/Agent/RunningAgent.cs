using System.Text.Json.Nodes;
using Links.Tests.Hosting;
using N3Host.Plugins.RedundancyAgent;

namespace Links.Tests.Agent;

/// <summary>A started RedundancyAgent on its own test node; stopping it fails the test on an error log.</summary>
public sealed class RunningAgent(TestNode node, RedundancyAgentModule agent, int port) : IAsyncDisposable
{
    public int Port { get; } = port;

    public JsonNode Status => node.Services.StatusJson("redundancyAgent:agent")!;

    /// <summary>Whether the agent logged a line containing <paramref name="text"/>.</summary>
    public bool Logged(string text) => node.Logs.Contains(text);

    public async ValueTask DisposeAsync()
    {
        await agent.StopAsync(CancellationToken.None);
        node.Dispose();
        node.Logs.ThrowIfUnexpectedErrors();
    }
}
