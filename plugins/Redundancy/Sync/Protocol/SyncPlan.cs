namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// Sent once per session after the peer's hello: how many records the sender will send to bring the peer up to
/// what the sender held at that moment. The receiver's progress percentage is measured against it.
/// </summary>
/// <param name="Records">Records the peer lacks.</param>
/// <param name="Journals">The journals the plan covers.</param>
/// <param name="NotAtPeer">Journals the sender holds that the peer has not registered (sent when the peer registers them).</param>
/// <param name="Conflicts">Sequence spaces left out because they diverged (see <see cref="SyncConflict"/>).</param>
public sealed record SyncPlan(long Records, IReadOnlyList<string> Journals, IReadOnlyList<string> NotAtPeer, int Conflicts) : SyncMessage;
