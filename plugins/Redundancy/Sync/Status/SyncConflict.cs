namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// A sequence space the two nodes hold differently after the same start: at <see cref="Sequence"/> the peer's record is not
/// this node's (for example a node restored an old copy of its data folder and wrote on). Neither copy is overwritten:
/// the space is not sent until an operator resolves it.
/// </summary>
/// <param name="Journal">The journal.</param>
/// <param name="Origin">The origin of the sequence space.</param>
/// <param name="Sequence">The sequence where the two copies differ.</param>
/// <param name="LocalTerm">The term of this node's record there.</param>
/// <param name="PeerTerm">The term of the peer's record there.</param>
/// <param name="DetectedAt">When it was found.</param>
public sealed record SyncConflict(string Journal, string Origin, long Sequence, long LocalTerm, long PeerTerm, DateTimeOffset DetectedAt);
