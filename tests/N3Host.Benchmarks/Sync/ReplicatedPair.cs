using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Sync;
using N3Host.Plugins.Redundancy.Sync.Tests;
using N3Host.Testing;

namespace N3Host.Benchmarks.Sync;

/// <summary>An active and a standby journal replicated by the pair's sync engine over loopback TLS, caught up and following.</summary>
internal sealed class ReplicatedPair : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private LoopbackTls? _tls;

    private ReplicatedPair()
    {
    }

    public static async Task<ReplicatedPair> ConnectAsync(IJournal active, IJournal standby)
    {
        var pair = new ReplicatedPair { _tls = new LoopbackTls() };
        var (server, client) = await pair._tls.ConnectAsync(CancellationToken.None);
        var activeEnd = new StreamSyncChannel(server);
        var standbyEnd = new StreamSyncChannel(client);
        var atActive = Replicator("active", active).StartSession(activeEnd, CancellationToken.None);
        var atStandby = Replicator("standby", standby).StartSession(standbyEnd, CancellationToken.None);
        pair._owned.AddRange([atActive, atStandby, activeEnd, standbyEnd]);
        await atActive.PeerConfirmedCaughtUp.WaitAsync(TimeSpan.FromSeconds(30));
        return pair;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
            await owned.DisposeAsync();
        _tls?.Dispose();
    }

    /// <summary>A node's sync engine over one journal.</summary>
    public static JournalReplicator Replicator(string node, IJournal journal)
    {
        var registry = new HostJournalRegistry();
        registry.Register(journal);
        return new JournalReplicator(node, registry, new SyncOptions(), TimeProvider.System, NullLogger.Instance);
    }
}
