using System.Collections.Concurrent;
using System.Globalization;
using N3Host.Contracts;
using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The receiving half: applies the peer's batches in order and answers its markers.</summary>
public sealed partial class SyncSession
{
    private readonly Dictionary<(IJournal Journal, string Origin, string Epoch), InboundSpace> _inbound = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _requests = new();
    private long _nextRequestId;
    /// <summary>While catching up, <see cref="JournalReplicator.StatusChanged"/> is raised each time the progress crosses a step of this many percent.</summary>
    private const int ProgressPercentStep = 5;

    /// <summary>How often a batch held by a full or read-only disk is tried again (the apply itself is the probe).</summary>
    internal static readonly TimeSpan HeldRetryInterval = TimeSpan.FromSeconds(1);

    private long _sessionApplied;
    private bool _peerCaughtUpSeen;

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            var message = await _channel.ReceiveAsync(ct);
            switch (message)
            {
                case null:
                    Log.PeerClosed(_logger, PeerNode ?? "?");
                    return;
                case SyncHello hello:
                    OnHello(hello);
                    break;
                case SyncJournalAdded added:
                    _peerJournalNames.TryAdd(added.Journal.Journal, 0);
                    _peerJournalUpdates.Enqueue(added.Journal);
                    Wake();
                    break;
                case SyncPlan plan:
                    Inbound.SetPlanned(plan.Records);
                    Log.PeerPlan(_logger, PeerNode ?? "?", plan.Records, plan.Journals.Count);
                    _owner.RaiseStatusChanged();
                    break;
                case SyncBatch batch:
                    var applied = await ApplyAsync(batch, ct);
                    Send(new SyncBatchAck(batch.Id, applied));
                    break;
                case SyncBatchAck ack:
                    Outbound.AddApplied(ack.Applied);
                    if (_ownBatches.TryRemove(ack.Id, out var own))
                        _journals.ReportReplicated(own.Journal, own.Last);
                    ReleaseWindow(ack);
                    break;
                case SyncCaughtUp caughtUp:
                    OnPeerCaughtUp(caughtUp);
                    break;
                case SyncCatchUpRequest request:
                    _catchUpRequests.Enqueue(request.Id);
                    Wake();
                    break;
                case SyncCaughtUpConfirmed { RequestId: not 0 }:
                    break;
                case SyncCaughtUpConfirmed confirmed:
                    Outbound.SetCaughtUp(_time.GetUtcNow());
                    Log.PeerConfirmed(_logger, PeerNode ?? "?", confirmed.Applied);
                    _peerConfirmed.TrySetResult();
                    _owner.RaiseStatusChanged();
                    break;
                default:
                    throw new SyncProtocolException($"unexpected sync message {message.GetType().Name}");
            }
        }
    }

    private void ReleaseWindow(SyncBatchAck ack)
    {
        try
        {
            _window.Release();
        }
        catch (SemaphoreFullException e)
        {
            throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture, $"the peer acknowledged batch {ack.Id}, which was not sent"), e);
        }
    }

    private void OnHello(SyncHello hello)
    {
        if (PeerNode is not null)
            throw new SyncProtocolException("the peer said hello twice");
        if (hello.ProtocolVersion != SyncProtocol.Version)
        {
            throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"the peer {hello.Node} speaks sync protocol {hello.ProtocolVersion}, this node {SyncProtocol.Version}"));
        }

        PeerNode = hello.Node;
        foreach (var journal in hello.Journals)
        {
            _peerJournalNames.TryAdd(journal.Journal, 0);
            _peerJournalUpdates.Enqueue(journal);
        }

        Log.SessionStarted(_logger, hello.Node, hello.Journals.Count);
        _peerHello.TrySetResult();
        Wake();
        _owner.RaiseStatusChanged();
    }

    /// <summary>
    /// Asks the peer for everything it holds now and completes once this node has applied it: the failback
    /// hand-over, called by the primary after the backup confirmed standby (so the backup writes nothing more).
    /// Fails with <see cref="SyncSessionEndedException"/> if the session ends first.
    /// </summary>
    public async Task RequestCatchUpAsync(CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[id] = done;
        if (Volatile.Read(ref _ended))
            done.TrySetException(new SyncSessionEndedException("the sync session has ended"));
        _ownRequests.Enqueue(id);
        Wake();
        try
        {
            await done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
    }

    private void OnCaughtUpAnswer(SyncCaughtUp caughtUp)
    {
        _owner.Late.Close(_time.GetUtcNow());
        Send(new SyncCaughtUpConfirmed(_sessionApplied, caughtUp.RequestId));

        // Logged and published before the waiter resumes: whoever awaited the hand-over finds both done.
        Log.CaughtUpAnswered(_logger, PeerNode ?? "?", caughtUp.RequestId, caughtUp.Records);
        _owner.RaiseStatusChanged();
        if (_requests.TryGetValue(caughtUp.RequestId, out var request))
            request.TrySetResult();
    }

    private void OnPeerCaughtUp(SyncCaughtUp caughtUp)
    {
        if (caughtUp.RequestId != 0)
        {
            OnCaughtUpAnswer(caughtUp);
            return;
        }

        if (_peerCaughtUpSeen)
            return;
        _peerCaughtUpSeen = true;
        var now = _time.GetUtcNow();
        Inbound.SetCaughtUp(now);
        _owner.Late.Close(now);
        Log.CaughtUp(_logger, PeerNode ?? "?", caughtUp.Records, _sessionApplied, (now - StartedAt).TotalMilliseconds);
        Send(new SyncCaughtUpConfirmed(_sessionApplied));
        _peerCaughtUp.TrySetResult();
        _owner.RaiseStatusChanged();
    }

    private async ValueTask<int> ApplyAsync(SyncBatch batch, CancellationToken ct)
    {
        var records = batch.Records;
        var step = Inbound.ProgressStep(ProgressPercentStep);
        Inbound.Add(records.Count, BatchCodec.GetSize(batch));
        if (!_peerCaughtUpSeen && Inbound.ProgressStep(ProgressPercentStep) != step)
            _owner.RaiseStatusChanged();
        if (records.Count == 0)
            return 0;
        var journal = FindJournal(batch.Journal)
            ?? throw new SyncProtocolException($"the peer sent records of journal '{batch.Journal}', which is not registered on this node");
        var key = (journal, batch.Origin, batch.Epoch);
        if (!_inbound.TryGetValue(key, out var space))
        {
            space = await ResolveAsync(journal, batch.Origin, batch.Epoch, ct);
            _inbound[key] = space;
        }

        CheckOrder(batch, space.Last, journal.Compacts);
        var firstNew = 0;
        while (firstNew < records.Count && records[firstNew].Sequence <= space.Last)
            firstNew++;
        var toApply = records;
        if (records[0].Origin != space.StoredAs)
            toApply = records.Select(r => r with { Origin = space.StoredAs }).ToList();
        var applied = await ApplyHoldingAsync(journal, toApply, ct);
        space.Last = Math.Max(space.Last, records[^1].Sequence);
        Inbound.AddApplied(applied);
        _sessionApplied += applied;
        if (applied > 0)
            _owner.Late.Add(journal.Name, toApply, Math.Min(firstNew, records.Count - 1), applied);
        return applied;
    }

    /// <summary>
    /// Applies a batch; on a full or read-only disk (as <see cref="StorageProbe"/> tells it) holds it and tries again every
    /// <see cref="HeldRetryInterval"/> until it fits, the link closes or the session stops. The session and the link stay
    /// up meanwhile (the peer keeps the records in its journal, unacknowledged, and its window stops its sending), and the
    /// node shows why in its sync status and as a degraded redundancy module.
    /// </summary>
    private async ValueTask<int> ApplyHoldingAsync(IJournal journal, IReadOnlyList<JournalRecord> records, CancellationToken ct)
    {
        var held = false;
        while (true)
        {
            try
            {
                var applied = await journal.ApplyAsync(records, ct);
                if (held)
                    _owner.SetHeld(journal.Name, null);
                return applied;
            }
            catch (Exception e) when (StorageProbe.Classify(e, journal.Name) is { } condition)
            {
                held = true;
                _owner.SetHeld(journal.Name, condition.Message);
                var retry = Task.Delay(HeldRetryInterval, _time, ct);
                if (await Task.WhenAny(retry, _channel.Closed) != retry)
                {
                    _owner.SetHeld(journal.Name, null);
                    throw new SyncSessionEndedException($"the link closed while records of {journal.Name} waited for space: {condition.Message}", e);
                }

                await retry;
            }
        }
    }

    /// <summary>
    /// Records must follow what this node holds without a gap and run on by one; a compacting journal's records only
    /// have to increase (it dropped records that later ones supersede).
    /// </summary>
    private static void CheckOrder(SyncBatch batch, long last, bool compacts)
    {
        var records = batch.Records;
        if (!compacts && records[0].Sequence > last + 1)
        {
            throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture,
                $"gap in journal '{batch.Journal}' origin '{batch.Origin}': this node holds up to {last}, the batch starts at {records[0].Sequence}"));
        }

        for (var i = 1; i < records.Count; i++)
        {
            var (previous, next) = (records[i - 1].Sequence, records[i].Sequence);
            if (compacts ? next <= previous : next != previous + 1)
            {
                throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture,
                    $"records out of order in journal '{batch.Journal}' origin '{batch.Origin}': {previous} then {next}"));
            }
        }
    }

    private IJournal? FindJournal(string name)
    {
        IJournal? found = null;
        foreach (var journal in _journals.All)
        {
            if (journal.Name == name)
                found = journal;
        }

        return found;
    }

    /// <summary>
    /// Where the peer's sequence space (origin, epoch) is stored here: where it already is; else under the origin's
    /// name if no other space holds that name; else under <c>origin~epoch</c> (a diverged space, e.g. a node whose
    /// data folder was wiped numbered from 1 again): both copies are kept, nothing is overwritten.
    /// </summary>
    private async ValueTask<InboundSpace> ResolveAsync(IJournal journal, string origin, string epoch, CancellationToken ct)
    {
        var spaces = await JournalCatalog.ReadAsync(journal, ct);
        var same = spaces.FirstOrDefault(s => s.Cursor.Origin == origin && s.Cursor.Epoch == epoch);
        if (same is not null)
            return new InboundSpace(same.StoredAs, same.Cursor.LastSequence);
        if (spaces.Any(s => s.StoredAs == origin))
        {
            var alias = JournalCatalog.AliasOf(origin, epoch);
            Log.DivergedSpace(_logger, journal.Name, origin, epoch, alias);
            return new InboundSpace(alias, await journal.GetLastSequenceAsync(alias, ct));
        }

        return new InboundSpace(origin, await journal.GetLastSequenceAsync(origin, ct));
    }
}
