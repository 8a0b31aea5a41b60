using N3Host.Plugins.Historian.Losses;

namespace N3Host.Plugins.Historian;

/// <summary>An instance's status section (<c>historian:&lt;instance&gt;</c> in the node's status).</summary>
/// <param name="Store">Which store: <c>sqlite &lt;path&gt;</c> or <c>mongodb &lt;database&gt;.&lt;collection&gt;</c>.</param>
/// <param name="State"><c>writing</c>, <c>buffering</c> (the store failed; values wait on disk), <c>degraded</c> (the disk is full or read-only; values wait in memory), or <c>stopped</c>.</param>
/// <param name="Received">Values taken from the tag bus since start.</param>
/// <param name="Filtered">Values left out by the deadband.</param>
/// <param name="Stored">Values the store took.</param>
/// <param name="BufferedBatches">Batches waiting in the store-and-forward buffer.</param>
/// <param name="BufferedBytes">Bytes waiting in the buffer.</param>
/// <param name="BufferLimitBytes">The buffer's limit.</param>
/// <param name="Overflowed">Values that never reached the store, whatever the reason: <see cref="Lost"/>'s total (kept across restarts).</param>
/// <param name="LastError">The last store or buffer error, if any since the last success.</param>
/// <param name="LastStored">When the store last took values.</param>
/// <param name="Condition"><c>disk full at PATH (N bytes free)</c> or <c>read-only at PATH</c> while degraded, else null.</param>
/// <param name="HeldValues">Values waiting in memory for the disk.</param>
/// <param name="HeldLimitValues">The most values kept in memory (<c>memoryLimitValues</c>).</param>
/// <param name="Lost">Values that never reached the store, by reason, since the instance's data folder was created.</param>
/// <param name="LostSaved">False while <c>losses.json</c> could not be written (the disk); the count is then kept in memory.</param>
public sealed record HistorianStatus(
    string Store,
    string State,
    long Received,
    long Filtered,
    long Stored,
    long BufferedBatches,
    long BufferedBytes,
    long BufferLimitBytes,
    long Overflowed,
    string? LastError,
    DateTimeOffset? LastStored,
    string? Condition,
    long HeldValues,
    long HeldLimitValues,
    LossCounts Lost,
    bool LostSaved)
{
    /// <summary>
    /// Different values of one tag at one source time (after both nodes were active) settled since the start: the value of
    /// the higher term is shown, within one term the primary's; the other stays for an audit (<c>--include-superseded</c>).
    /// </summary>
    public long ConflictsResolved { get; init; }

    /// <summary>
    /// The accepted-values journal (embedded store): values go there as they are accepted and reach the standby within
    /// milliseconds, before their batch is written. <c>notJournalled</c>: values its disk could not take (stored as usual,
    /// only not replicated early); <c>lastError</c>: its file's last error. Null with MongoDB.
    /// </summary>
    public AcceptedJournalStatus? AcceptedJournal { get; init; }
}

/// <summary>The accepted-values journal in a historian's status.</summary>
/// <param name="NotJournalled">Values its disk could not take since the start.</param>
/// <param name="LastError">Its file's last error, null while it works.</param>
public sealed record AcceptedJournalStatus(long NotJournalled, string? LastError);
