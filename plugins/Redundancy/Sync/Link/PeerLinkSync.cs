using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Roles;
using N3Host.Plugins.Redundancy.Sync.Overwrite;

namespace N3Host.Plugins.Redundancy.Sync.Link;

/// <summary>
/// Drives the node's <see cref="JournalReplicator"/> over the pair's link: one session per paired link (the next starts
/// once the previous one has ended), the failback hand-over on the primary (it goes active only after it applied
/// everything the backup held), the late-record report when the primary went active without it, and a link that is
/// closed when its session ends while the link is still up (the sides reconnect and resume from the cursors).
/// </summary>
internal sealed class PeerLinkSync(
    JournalReplicator replicator, IJournalRegistry journals, TimeProvider time, ILogger logger, CancellationToken stopping,
    RedundancyMode mode = RedundancyMode.Primary, StoreOverwrite? overwrite = null)
    : IPeerLinkSync, IFailbackSync
{
    /// <summary>
    /// How long the hand-over waits for this node's modules to register the journals the peer holds (modules are constructed
    /// right after the redundancy module starts, so this is only ever reached by a journal no module here registers).
    /// </summary>
    public static readonly TimeSpan JournalRegistrationWait = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private Task _previous = Task.CompletedTask;
    private LinkSyncSession? _current;
    private int _lateOpen;

    public JournalReplicator Replicator => replicator;

    /// <summary>The overwrite on a new pairing; null when the node does not track its mode (tests).</summary>
    public StoreOverwrite? Overwrite => overwrite;

    public ILinkSync Open(PeerConnection connection, string peerNode, bool newPairing)
    {
        var link = new LinkSyncSession(connection, peerNode, newPairing);
        lock (_lock)
        {
            _current = link;
            _previous = RunAsync(link, _previous);
        }

        return link;
    }

    /// <summary>Waits for every session to end (after the node's stopping token was cancelled and the links closed).</summary>
    public Task DrainAsync()
    {
        lock (_lock)
        {
            return _previous;
        }
    }

    public async Task SynchronizeAsync(FailbackSyncContext context, CancellationToken cancellationToken)
    {
        LinkSyncSession? link;
        lock (_lock)
        {
            link = _current;
        }

        if (link is null || link.Connection != context.Link)
        {
            throw new SyncSessionEndedException($"no sync session on the link to {context.PeerNode}");
        }

        var session = await link.Session.WaitAsync(cancellationToken).ConfigureAwait(false);
        await session.PeerHelloReceived.WaitAsync(cancellationToken).ConfigureAwait(false);
        await WaitForJournalsAsync(session, journals, context.PeerNode, cancellationToken).ConfigureAwait(false);
        Log.HandOverStarted(logger, context.PeerNode);
        await session.RequestCatchUpAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _lateOpen, 0);
        var inbound = replicator.GetStatus().Inbound;
        Log.HandOverDone(logger, context.PeerNode, inbound.Records, inbound.Bytes);
    }

    public void ActivatedWithoutSync()
    {
        Interlocked.Exchange(ref _lateOpen, 1);
        replicator.MarkActivatedWithoutSync();
        LinkSyncSession? link;
        lock (_lock)
        {
            link = _current;
        }

        if (link is not null && !link.IsClosed && link.Session.IsCompletedSuccessfully)
        {
            _ = MergeLateAsync(link.PeerNode, link.Session.Result);
        }
    }

    /// <summary>
    /// Waits until every journal the peer holds is registered here too, so the catch-up covers it: a module that registers
    /// its journal after the hand-over would get the backup's records only after this node went active.
    /// </summary>
    private async Task WaitForJournalsAsync(SyncSession session, IJournalRegistry view, string peer, CancellationToken cancellationToken)
    {
        var registered = new SemaphoreSlim(0);
        void OnRegistered(object? sender, IJournal journal) => registered.Release();
        view.Registered += OnRegistered;
        try
        {
            using var deadline = new CancellationTokenSource(JournalRegistrationWait, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            while (true)
            {
                var missing = Missing(session, view);
                if (missing.Count == 0)
                {
                    return;
                }

                try
                {
                    await registered.WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.JournalsNotRegistered(logger, peer, string.Join(", ", missing), JournalRegistrationWait.TotalSeconds);
                    return;
                }
            }
        }
        finally
        {
            view.Registered -= OnRegistered;
            registered.Dispose();
        }
    }

    private static List<string> Missing(SyncSession session, IJournalRegistry view)
    {
        var here = view.All.Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        return [.. session.PeerJournals.Where(name => !here.Contains(name)).Order(StringComparer.Ordinal)];
    }

    private async Task RunAsync(LinkSyncSession link, Task previous)
    {
        // Open runs under the coordinator's lock: the session (which reads the journals) starts off it.
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (link.IsClosed || stopping.IsCancellationRequested)
        {
            link.NotStarted("the link closed before its sync session started");
            return;
        }

        ClearedJournals? cleared = null;
        if (link.NewPairing && overwrite is not null)
        {
            try
            {
                if (mode == RedundancyMode.Backup)
                {
                    cleared = await overwrite.PrepareAsync(link.PeerNode, stopping).ConfigureAwait(false);
                }
                else
                {
                    await overwrite.AnnounceAsPrimaryAsync(link.PeerNode, stopping).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Reading counts or persisting the overwrite failed: nothing was merged; the next connection starts it again.
                link.NotStarted($"the overwrite could not start: {e.Message}");
                link.Connection.Close($"the overwrite could not start: {e.Message}");
                return;
            }

            if (link.IsClosed || stopping.IsCancellationRequested)
            {
                cleared?.Dispose();
                link.NotStarted("the link closed before its sync session started");
                return;
            }
        }

        SyncSession session;
        try
        {
            session = cleared is null ? replicator.StartSession(link.Channel, stopping) : replicator.StartSession(link.Channel, cleared, stopping);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            cleared?.Dispose();
            link.NotStarted($"the sync session could not start: {e.Message}");
            link.Connection.Close($"the sync session could not start: {e.Message}");
            return;
        }

        link.Started(session);
        if (cleared is not null)
        {
            _ = overwrite!.FinishAsync(session, cleared, link.PeerNode, () => replicator.GetStatus().Inbound.Records,
                (s, view, ct) => WaitForJournalsAsync(s, view, link.PeerNode, ct), stopping);
        }
        else if (link.NewPairing && overwrite is not null)
        {
            _ = overwrite.WatchAsPrimaryAsync(session, link.PeerNode, stopping);
        }

        if (Volatile.Read(ref _lateOpen) == 1)
        {
            _ = MergeLateAsync(link.PeerNode, session);
        }

        await session.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cleared?.Dispose();
        if (!link.IsClosed && !stopping.IsCancellationRequested)
        {
            var reason = replicator.GetStatus().LastError ?? "the session ended";
            Log.ClosingLink(logger, link.PeerNode, reason);
            link.Connection.Close($"the sync session ended while the link was up: {reason}");
        }

        await session.DisposeAsync().ConfigureAwait(false);
    }

    private async Task MergeLateAsync(string peer, SyncSession session)
    {
        try
        {
            await session.RequestCatchUpAsync(stopping).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _lateOpen, 0) == 1)
            {
                Log.LateMerged(logger, peer);
            }
        }
        catch (Exception e) when (e is SyncSessionEndedException or OperationCanceledException)
        {
            Log.LateCatchUpFailed(logger, peer, e);
        }
    }
}
