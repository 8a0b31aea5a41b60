using System.Collections.Concurrent;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The sending half: the plan, the catch-up, the caught-up marker, then following appends.</summary>
public sealed partial class SyncSession
{
    private readonly Dictionary<string, JournalCursor> _peerJournals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Journal, string StoredAs), OutboundSpace> _outbound = [];
    private readonly Dictionary<(string Journal, string StoredAs), long> _planned = [];
    private readonly ConcurrentQueue<long> _catchUpRequests = new();

    /// <summary>This node's own catch-up requests, sent by the produce loop after the journals registered before them were announced.</summary>
    private readonly ConcurrentQueue<long> _ownRequests = new();

    /// <summary>The journals the peer was told about (hello or <see cref="SyncJournalAdded"/>); only the produce loop touches it after the hello.</summary>
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);
    private readonly List<(long Id, Dictionary<(string Journal, string StoredAs), long> Targets)> _markers = [];
    private long _plannedRecords;
    private long _nextBatchId;
    private long _recordsQueued;

    /// <summary>Batches of this node's own records sent and not yet acknowledged: id, journal, last sequence.</summary>
    private readonly ConcurrentDictionary<long, (string Journal, long Last)> _ownBatches = new();

    /// <summary>Journals whose replication this session reported to the registry (so that waits on them are released at its end).</summary>
    private readonly ConcurrentDictionary<string, byte> _replicating = new(StringComparer.Ordinal);

    private async Task ProduceLoopAsync(CancellationToken ct)
    {
        await _peerHello.Task.WaitAsync(ct);
        DrainPeerUpdates();
        await PlanAsync(ct);
        _markers.Add((0, _planned));
        while (true)
        {
            await AnnounceLocalAdditionsAsync(ct);
            await SendOwnRequestsAsync(ct);
            DrainPeerUpdates();
            await TakeCatchUpRequestsAsync(ct);
            var sent = await SendPendingAsync(ct);
            SendReachedMarkers();
            if (!sent)
                await _wake.Reader.ReadAsync(ct);
        }
    }

    private void SendReachedMarkers()
    {
        while (_markers.Count > 0 && Reached(_markers[0].Targets))
        {
            var id = _markers[0].Id;
            _markers.RemoveAt(0);
            Send(new SyncCaughtUp(_recordsQueued, id));
            Log.CaughtUpSent(_logger, PeerNode ?? "?", _recordsQueued, id);
        }
    }

    /// <summary>Takes the target of each catch-up request: everything this node holds now of every journal the peer knows.</summary>
    private async Task TakeCatchUpRequestsAsync(CancellationToken ct)
    {
        while (_catchUpRequests.TryDequeue(out var id))
        {
            var targets = new Dictionary<(string Journal, string StoredAs), long>();
            foreach (var journal in _journals.All)
            {
                if (!_peerJournals.ContainsKey(journal.Name))
                    continue;
                foreach (var storedAs in await journal.GetOriginsAsync(ct))
                {
                    var space = await GetOutboundAsync(journal, storedAs, ct);
                    if (space is not null && space.Conflict is null)
                        targets[(journal.Name, storedAs)] = await journal.GetLastSequenceAsync(storedAs, ct);
                }
            }

            _markers.Add((id, targets));
        }
    }

    private void DrainPeerUpdates()
    {
        while (_peerJournalUpdates.TryDequeue(out var journal))
        {
            _peerJournals[journal.Journal] = journal;

            // The peer has this journal: acknowledgements of data stored in it now wait until the peer holds it too.
            if (_replicating.TryAdd(journal.Journal, 0))
                _journals.SetReplicating(journal.Journal, true);
            foreach (var key in _outbound.Keys.Where(k => k.Journal == journal.Journal).ToList())
                _outbound.Remove(key);
        }
    }

    private async Task AnnounceLocalAdditionsAsync(CancellationToken ct)
    {
        // Always announced, even if announced before: a journal registered again (its module restarted) may hold other records.
        while (_localAdded.TryDequeue(out var journal))
            await AnnounceAsync(journal, ct);
    }

    /// <summary>
    /// Sends this node's catch-up requests, each after every journal registered here before it was announced: the peer
    /// must know a journal (and this node's cursor of it) before it answers, or its answer would leave that journal out.
    /// </summary>
    private async Task SendOwnRequestsAsync(CancellationToken ct)
    {
        if (_ownRequests.IsEmpty)
            return;
        foreach (var journal in _journals.All)
        {
            if (!_announced.Contains(journal.Name))
                await AnnounceAsync(journal, ct);
        }

        while (_ownRequests.TryDequeue(out var id))
            Send(new SyncCatchUpRequest(id));
    }

    private async Task AnnounceAsync(IJournal journal, CancellationToken ct)
    {
        _announced.Add(journal.Name);
        Send(new SyncJournalAdded(await JournalCatalog.ReadCursorAsync(journal, ct)));
        Log.JournalAnnounced(_logger, journal.Name);
    }

    private async Task PlanAsync(CancellationToken ct)
    {
        var journals = new List<string>();
        var notAtPeer = new List<string>();
        var conflicts = 0;
        foreach (var journal in _journals.All)
        {
            if (!_peerJournals.ContainsKey(journal.Name))
            {
                notAtPeer.Add(journal.Name);
                Log.JournalNotAtPeer(_logger, journal.Name, PeerNode ?? "?");
                continue;
            }

            journals.Add(journal.Name);
            foreach (var space in await JournalCatalog.ReadAsync(journal, ct))
            {
                var outbound = await GetOutboundAsync(journal, space.StoredAs, ct);
                if (outbound is null)
                    continue;
                if (outbound.Conflict is not null)
                {
                    conflicts++;
                    continue;
                }

                _planned[(journal.Name, space.StoredAs)] = space.Cursor.LastSequence;
                _plannedRecords += Math.Max(0, space.Cursor.LastSequence - outbound.Cursor);
            }
        }

        Outbound.SetPlanned(_plannedRecords);
        Send(new SyncPlan(_plannedRecords, journals, notAtPeer, conflicts));
        Log.PlanSent(_logger, PeerNode ?? "?", _plannedRecords, journals.Count);
    }

    private bool Reached(Dictionary<(string Journal, string StoredAs), long> targets)
    {
        foreach (var (key, last) in targets)
        {
            if (!_outbound.TryGetValue(key, out var space) || (space.Conflict is null && space.Cursor < last))
                return false;
        }

        return true;
    }

    /// <summary>One pass over every journal the peer knows: sends everything beyond the peer's cursors. True if anything was sent.</summary>
    private async Task<bool> SendPendingAsync(CancellationToken ct)
    {
        var sent = false;
        foreach (var journal in _journals.All)
        {
            if (!_peerJournals.ContainsKey(journal.Name))
                continue;
            foreach (var storedAs in await journal.GetOriginsAsync(ct))
            {
                var space = await GetOutboundAsync(journal, storedAs, ct);
                if (space is null || space.Conflict is not null)
                    continue;
                var last = await journal.GetLastSequenceAsync(storedAs, ct);
                while (space.Cursor < last)
                {
                    var records = await journal.ReadAsync(storedAs, space.Cursor, _options.MaxBatchRecords, ct);
                    if (records.Count == 0)
                        break;
                    records = TrimToBytes(records);
                    await _window.WaitAsync(ct);
                    var id = ++_nextBatchId;
                    if (storedAs == _owner.NodeName)
                        _ownBatches[id] = (journal.Name, records[^1].Sequence);
                    Send(new SyncBatch(id, journal.Name, space.Origin, space.Epoch, records));
                    _recordsQueued += records.Count;
                    space.Cursor = records[^1].Sequence;
                    sent = true;
                }
            }
        }

        return sent;
    }

    private IReadOnlyList<JournalRecord> TrimToBytes(IReadOnlyList<JournalRecord> records)
    {
        long bytes = 0;
        for (var i = 0; i < records.Count; i++)
        {
            bytes += BatchCodec.RecordOverhead + records[i].Payload.Length;
            if (bytes > _options.MaxBatchBytes && i > 0)
                return records.Take(i).ToList();
        }

        return records;
    }

    private async ValueTask<OutboundSpace?> GetOutboundAsync(IJournal journal, string storedAs, CancellationToken ct)
    {
        var key = (journal.Name, storedAs);
        if (_outbound.TryGetValue(key, out var existing))
            return existing;
        var space = await JournalCatalog.ReadSpaceAsync(journal, storedAs, ct);
        if (space is null)
            return null;
        var peerSpace = _peerJournals[journal.Name].Spaces.FirstOrDefault(s => s.Origin == space.Cursor.Origin && s.Epoch == space.Cursor.Epoch);
        var cursor = peerSpace?.LastSequence ?? 0;
        SyncConflict? conflict = null;
        if (peerSpace is not null && peerSpace.LastSequence <= space.Cursor.LastSequence)
        {
            var mine = await journal.ReadAsync(storedAs, peerSpace.LastSequence - 1, 1, ct);
            // (A compacting journal may have dropped that record: then there is nothing to compare.)
            if (mine.Count == 1 && mine[0].Sequence == peerSpace.LastSequence && RecordDigest.Of(mine[0]) != peerSpace.LastDigest)
            {
                conflict = new SyncConflict(journal.Name, space.Cursor.Origin, peerSpace.LastSequence, mine[0].Term, peerSpace.LastTerm, _time.GetUtcNow());
                _owner.AddConflict(conflict);
                Log.Conflict(_logger, journal.Name, space.Cursor.Origin, peerSpace.LastSequence, mine[0].Term, peerSpace.LastTerm);
            }
        }

        var outbound = new OutboundSpace(journal.Name, space, cursor, conflict);
        _outbound[key] = outbound;
        if (storedAs == _owner.NodeName)
        {
            // This node's own records: the peer already holds them up to its cursor; with a conflict it holds none of ours.
            if (conflict is null)
            {
                _journals.ReportReplicated(journal.Name, cursor);
            }
            else if (_replicating.TryRemove(journal.Name, out _))
            {
                _journals.SetReplicating(journal.Name, false);
            }
        }

        return outbound;
    }
}
