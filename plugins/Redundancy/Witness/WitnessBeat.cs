using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>
/// What a node publishes on the witness every heartbeat interval (not retained): who it is, its role and term. The will
/// message is the same with <see cref="Online"/> false, so a crashed node's silence is known at once.
/// </summary>
internal sealed record WitnessBeat(string Node, RedundancyMode Mode, NodeRole Role, long Term, bool Online, long Seq);
