namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>A connected pair of sessions over an in-memory link.</summary>
public sealed class SyncLink : IAsyncDisposable
{
    private SyncLink(SyncSession a, SyncSession b, InMemorySyncChannel channelA, InMemorySyncChannel channelB)
    {
        A = a;
        B = b;
        ChannelA = channelA;
        ChannelB = channelB;
    }

    public SyncSession A { get; }

    public SyncSession B { get; }

    /// <summary>Node A's end (what A sends is counted here).</summary>
    public InMemorySyncChannel ChannelA { get; }

    public InMemorySyncChannel ChannelB { get; }

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(30);

    public static SyncLink Connect(SyncNode a, SyncNode b, Action<InMemorySyncChannel, InMemorySyncChannel>? configure = null)
    {
        var (channelA, channelB) = InMemorySyncChannel.CreatePair();
        configure?.Invoke(channelA, channelB);
        var sessionA = a.Replicator.StartSession(channelA, CancellationToken.None);
        var sessionB = b.Replicator.StartSession(channelB, CancellationToken.None);
        return new SyncLink(sessionA, sessionB, channelA, channelB);
    }

    /// <summary>Waits until both sides applied what the other held at the start.</summary>
    public async Task BothCaughtUpAsync()
    {
        await A.PeerCaughtUp.WaitAsync(Timeout);
        await B.PeerCaughtUp.WaitAsync(Timeout);
        await A.PeerConfirmedCaughtUp.WaitAsync(Timeout);
        await B.PeerConfirmedCaughtUp.WaitAsync(Timeout);
    }

    /// <summary>Cuts the link and waits for both sessions to end.</summary>
    public async Task CutAsync()
    {
        ChannelA.Cut();
        await EndedAsync(A);
        await EndedAsync(B);
    }

    /// <summary>Waits for both sessions to end (after a cut set up with <see cref="InMemorySyncChannel.CutAfterBatches"/>).</summary>
    public async Task EndedAsync()
    {
        await EndedAsync(A);
        await EndedAsync(B);
    }

    public async ValueTask DisposeAsync()
    {
        ChannelA.Cut();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private static async Task EndedAsync(SyncSession session)
    {
        try
        {
            await session.Completion.WaitAsync(Timeout);
        }
        catch (IOException)
        {
            // The cut seen by a send instead of a receive.
        }
    }
}
