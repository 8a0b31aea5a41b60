namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The receiver applied a batch (durably, through <c>IJournal.ApplyAsync</c>).</summary>
/// <param name="Id">The batch's number.</param>
/// <param name="Applied">How many of its records were new to the receiver.</param>
public sealed record SyncBatchAck(long Id, int Applied) : SyncMessage;
