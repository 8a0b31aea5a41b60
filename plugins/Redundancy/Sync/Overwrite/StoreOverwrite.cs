using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Pairing;

namespace N3Host.Plugins.Redundancy.Sync.Overwrite;

/// <summary>
/// The overwrite of the backup's stored data by the primary's on a new pairing (after a redundancy mode change on either
/// node), as the product page warns. On the backup: announce (log, status, MQTT) what will be discarded, persist the
/// overwrite, empty every registered journal (<see cref="IJournal.ClearAsync"/>), then let the session copy the primary's
/// records and complete once it holds everything the primary holds. A kill or a cut at any point resumes at the next
/// connection: journals already emptied are not emptied again, the others are emptied before the session sees them.
/// On the primary: announce what the backup receives, and settle this node's mode change once the backup recorded it.
/// </summary>
internal sealed class StoreOverwrite(PairingStore store, IJournalRegistry journals, string nodeName, TimeProvider time, ILogger logger)
{
    /// <summary>How long the backup waits for the announcement to reach the MQTT broker before discarding anything.</summary>
    public static readonly TimeSpan AnnounceWait = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private OverwriteStatus? _status;
    private PendingOverwrite? _clearingAtStart;

    /// <summary>Raised after the status changed (handlers must be quick).</summary>
    public event Action? Changed;

    /// <summary>Set by the MQTT wiring: completes when the current state was published; null when MQTT is off.</summary>
    public Func<CancellationToken, Task>? Published { get; set; }

    public PairingStore Pairing => store;

    public OverwriteStatus? GetStatus()
    {
        lock (_lock)
        {
            return _status;
        }
    }

    /// <summary>
    /// On the backup at start, when an overwrite was begun and not completed (a kill in the middle of it): empties every
    /// journal not yet emptied now, and each journal registered later as it is registered (before its module can write
    /// into it), until a sync session resumes the overwrite. If the primary is down meanwhile and this node goes active,
    /// what it writes goes into emptied journals and is kept: the resumed overwrite has nothing left to discard.
    /// </summary>
    public void ClearPendingAtStart(RedundancyMode mode)
    {
        if (mode != RedundancyMode.Backup || store.Overwrite is not { } pending)
        {
            return;
        }

        var message = $"the overwrite of {nodeName}'s stored data by {pending.Primary}'s was interrupted: emptying the journals not yet emptied; the copy resumes at the next connection";
        SetStatus(new OverwriteStatus(OverwriteStates.Clearing, pending.Primary, nodeName, message, pending.StartedAt, null, [], null));
        Log.ClearingAtStart(logger, pending.Primary, pending.StartedAt, Names(pending.ClearedJournals));
        lock (_lock)
        {
            _clearingAtStart = pending;
        }

        journals.Registered += OnRegisteredBeforeSession;
        foreach (var journal in journals.All)
        {
            ClearBeforeSession(journal);
        }
    }

    /// <summary>A sync session takes over the clearing (or the node stops).</summary>
    public void StopClearingAtStart()
    {
        journals.Registered -= OnRegisteredBeforeSession;
        lock (_lock)
        {
            _clearingAtStart = null;
        }
    }

    private void OnRegisteredBeforeSession(object? sender, IJournal journal) => ClearBeforeSession(journal);

    // Synchronous on purpose: it runs inside the registration, so the module that registers the journal writes only after it.
    private void ClearBeforeSession(IJournal journal)
    {
        PendingOverwrite? pending;
        lock (_lock)
        {
            pending = _clearingAtStart;
        }

        if (pending is null || store.Overwrite?.ClearedJournals.Contains(journal.Name, StringComparer.Ordinal) != false)
        {
            return;
        }

        ClearAsync(journal, pending.Primary, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// On the backup, before its sync session starts: announces, persists and empties every registered journal; returns the
    /// journals as the session must see them (only emptied ones).
    /// </summary>
    public async Task<ClearedJournals> PrepareAsync(string primary, CancellationToken cancellationToken)
    {
        StopClearingAtStart();
        var resumed = store.Overwrite;
        var cleared = resumed?.ClearedJournals ?? [];
        var counts = await CountAsync(journals.All.Where(j => !cleared.Contains(j.Name, StringComparer.Ordinal)), cancellationToken).ConfigureAwait(false);
        var held = counts.Count == 0 ? "no records" : string.Join(", ", counts.Select(c => $"{c.Journal} ({c.Records} record(s))"));
        var message = resumed is null
            ? $"the stored data of {nodeName} (backup) are replaced by those of {primary} (primary): discarding {held}, then copying every record of {primary}"
            : $"resuming the replacement of {nodeName}'s stored data by {primary}'s: discarding {held} (journal(s) already emptied: {Names(cleared)}), then copying every record of {primary}";
        SetStatus(new OverwriteStatus(OverwriteStates.Announced, primary, nodeName, message, time.GetUtcNow(), null, counts, null));
        Log.Announced(logger, message);
        await WaitPublishedAsync(cancellationToken).ConfigureAwait(false);

        PendingOverwrite overwrite;
        try
        {
            overwrite = store.BeginOverwrite(primary, time.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was discarded: the overwrite starts again at the next connection.
            Fail(primary, $"the overwrite could not be recorded in {store.FilePath}: {e.Message}");
            throw;
        }

        if (resumed is not null)
        {
            Log.Resumed(logger, primary, resumed.StartedAt, Names(cleared));
        }

        var view = new ClearedJournals(journals, overwrite.ClearedJournals, journal => ClearAsync(journal, primary, cancellationToken));
        Update(s => s with { State = OverwriteStates.Clearing });
        foreach (var journal in journals.All)
        {
            await view.EnsureClearedAsync(journal).ConfigureAwait(false);
        }

        Update(s => s.State == OverwriteStates.Failed ? s : s with { State = OverwriteStates.Copying });
        return view;
    }

    /// <summary>
    /// On the backup, once its session runs: waits for the journals the primary holds, asks for everything the primary holds
    /// now, and completes the overwrite (persisted) when it has all of it.
    /// </summary>
    public async Task FinishAsync(SyncSession session, ClearedJournals view, string primary, Func<long> copied,
        Func<SyncSession, IJournalRegistry, CancellationToken, Task> waitForJournals, CancellationToken cancellationToken)
    {
        try
        {
            await session.PeerHelloReceived.WaitAsync(cancellationToken).ConfigureAwait(false);
            await waitForJournals(session, view, cancellationToken).ConfigureAwait(false);
            await session.RequestCatchUpAsync(cancellationToken).ConfigureAwait(false);
            var notCleared = view.NotCleared;
            if (notCleared.Count > 0)
            {
                Fail(primary, $"journal(s) {string.Join(", ", notCleared)} could not be emptied, so they are not synchronized");
                return;
            }

            store.CompleteOverwrite();
            view.Complete();
            var records = copied();
            Update(s => s with { State = OverwriteStates.Done, CompletedAt = time.GetUtcNow(), Error = null });
            Log.Done(logger, nodeName, primary, records);
        }
        catch (Exception e) when (e is SyncSessionEndedException or OperationCanceledException)
        {
            const string Reason = "the link closed before every record of the primary was copied";
            Update(s => s with { State = OverwriteStates.Failed, Error = Reason });
            Log.Interrupted(logger, primary, Reason);
        }
    }

    /// <summary>On the primary, before its sync session starts: announces what the backup's stored data become.</summary>
    public async Task AnnounceAsPrimaryAsync(string backup, CancellationToken cancellationToken)
    {
        var counts = await CountAsync(journals.All, cancellationToken).ConfigureAwait(false);
        var held = counts.Count == 0 ? "no records" : string.Join(", ", counts.Select(c => $"{c.Journal} ({c.Records} record(s))"));
        var message = $"the stored data of {backup} (backup) are replaced by those of {nodeName} (primary): {backup} discards what it holds and receives {held}";
        SetStatus(new OverwriteStatus(OverwriteStates.Announced, nodeName, backup, message, time.GetUtcNow(), null, counts, null));
        Log.Announced(logger, message);
    }

    /// <summary>On the primary, once its session runs: settles the mode change when the backup recorded the overwrite, and reports the copy.</summary>
    public async Task WatchAsPrimaryAsync(SyncSession session, string backup, CancellationToken cancellationToken)
    {
        try
        {
            // The backup starts its session only after it persisted the overwrite and emptied its journals.
            await session.PeerHelloReceived.WaitAsync(cancellationToken).ConfigureAwait(false);
            store.CompleteNewPairing();
            Log.Recorded(logger, backup);
            Update(s => s with { State = OverwriteStates.Copying });
            await session.PeerConfirmedCaughtUp.WaitAsync(cancellationToken).ConfigureAwait(false);
            Update(s => s with { State = OverwriteStates.Done, CompletedAt = time.GetUtcNow() });
        }
        catch (Exception e) when (e is SyncSessionEndedException or OperationCanceledException)
        {
            Update(s => s.State == OverwriteStates.Done ? s : s with { State = OverwriteStates.Failed, Error = "the link closed before the backup held every record; it resumes at the next connection" });
        }
    }

    private async Task<bool> ClearAsync(IJournal journal, string primary, CancellationToken cancellationToken)
    {
        try
        {
            var records = await CountAsync(journal, cancellationToken).ConfigureAwait(false);
            await journal.ClearAsync(cancellationToken).ConfigureAwait(false);
            store.MarkCleared(journal.Name);
            Log.JournalCleared(logger, journal.Name, records);
            Update(s => s.Journals.Any(j => j.Journal == journal.Name) ? s : s with { Journals = [.. s.Journals, new OverwriteJournal(journal.Name, records)] });
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            Fail(primary, $"journal {journal.Name} could not be emptied: {e.Message}");
            return false;
        }
    }

    private void Fail(string primary, string reason)
    {
        Update(s => s with { State = OverwriteStates.Failed, Error = reason });
        Log.Failed(logger, primary, reason);
    }

    private async Task WaitPublishedAsync(CancellationToken cancellationToken)
    {
        if (Published is not { } published)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(AnnounceWait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await published(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.NotPublished(logger, AnnounceWait.TotalSeconds);
        }
    }

    private static async Task<List<OverwriteJournal>> CountAsync(IEnumerable<IJournal> selected, CancellationToken cancellationToken)
    {
        var counts = new List<OverwriteJournal>();
        foreach (var journal in selected.OrderBy(j => j.Name, StringComparer.Ordinal))
        {
            counts.Add(new OverwriteJournal(journal.Name, await CountAsync(journal, cancellationToken).ConfigureAwait(false)));
        }

        return counts;
    }

    // Sequences run 1, 2, 3, ... without gaps per stored origin, so the last sequences add up to the records held.
    private static async Task<long> CountAsync(IJournal journal, CancellationToken cancellationToken)
    {
        long records = 0;
        foreach (var origin in await journal.GetOriginsAsync(cancellationToken).ConfigureAwait(false))
        {
            records += await journal.GetLastSequenceAsync(origin, cancellationToken).ConfigureAwait(false);
        }

        return records;
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    private void SetStatus(OverwriteStatus status)
    {
        lock (_lock)
        {
            _status = status;
        }

        Changed?.Invoke();
    }

    private void Update(Func<OverwriteStatus, OverwriteStatus> change)
    {
        lock (_lock)
        {
            if (_status is null)
            {
                return;
            }

            _status = change(_status);
        }

        Changed?.Invoke();
    }
}
