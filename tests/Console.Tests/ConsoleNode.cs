using N3Host.Testing;

namespace N3Host.ConsoleTests;

/// <summary>One standalone <c>n3host run</c> process with the Simulator and the Historian (sqlite), running all its modules.</summary>
public sealed class ConsoleNode : IAsyncDisposable
{
    private readonly TempDirectory _folder = new("n3host-console-node");

    private ConsoleNode()
    {
        ApiPort = FreePort.Get();
        Config = new NodeConfig("plant-1", _folder.Combine("data"), ApiPort)
            .Add("sim", "Simulator", new { periodMs = 200 })
            .Add("historian", "Historian", new { store = "sqlite", flushIntervalMs = 200 })
            .WriteTo(_folder.Combine("modules.json"));
    }

    public int ApiPort { get; }

    public string Config { get; }

    public NodeProcess Process { get; private set; } = null!;

    public static async Task<ConsoleNode> StartAsync()
    {
        var node = new ConsoleNode();
        node.Process = NodeProcess.Start(node.Config);
        await node.Process.WaitForLineAsync(l => l.Contains("is running: 2 of 2 instances active", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
            await Process.DisposeAsync();
        _folder.Dispose();
    }
}
