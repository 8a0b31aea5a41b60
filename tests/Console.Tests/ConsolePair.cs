using N3Host.Testing;

namespace N3Host.ConsoleTests;

/// <summary>
/// The console tests' redundant pair: <see cref="ProcessPair"/> (primary node-a, backup node-b, real <c>n3host run</c> processes on
/// loopback) with the Simulator and the Historian on each node; started, and returned once paired.
/// </summary>
internal static class ConsolePair
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Both nodes running and paired: the primary active, the backup standby and connected to it.</summary>
    public static async Task<ProcessPair> StartAsync()
    {
        var pair = await ProcessPair.CreateAsync(modules: config => config
            .Add("sim", "Simulator", new { periodMs = 500 })
            .Add("historian", "Historian", new { store = "sqlite", flushIntervalMs = 200 }));
        try
        {
            pair.StartPrimary();
            pair.StartBackup();
            using var primary = new NodeStatusClient(pair.PrimaryConfig);
            using var backup = new NodeStatusClient(pair.BackupConfig);
            await Eventually.TrueAsync(async () => await primary.RoleAsync() == "active" && await backup.RoleAsync() == "standby" && await backup.PeerConnectedAsync(),
                Patience, $"the pair starts: primary active, backup standby and paired\n{pair.Output}");
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }
}
