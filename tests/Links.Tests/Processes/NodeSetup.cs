using N3Host.Testing;
using Xunit;

namespace Links.Tests.Processes;

/// <summary>One test node: its modules.json in a shared folder, its data folder and API port.</summary>
internal sealed class NodeSetup
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
        var result = await HostCli.RunAsync("cert", "show", "--config", ConfigPath);
        Assert.True(result.ExitCode == 0, $"n3host cert show failed: {result.StdErr}");
        return result.StdOut.Trim();
    }

    public NodeProcess Start()
    {
        Config.WriteTo(ConfigPath);
        return NodeProcess.Start(ConfigPath);
    }
}
