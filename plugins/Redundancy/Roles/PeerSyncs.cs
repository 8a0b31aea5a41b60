using N3Host.Plugins.Redundancy.ConfigSync;
using N3Host.Plugins.Redundancy.Pairing;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>What the coordinator hands a paired link's data to; each is optional (none in role-only tests).</summary>
/// <param name="Failback">The primary's hand-over before it goes active.</param>
/// <param name="Link">The stored-data sync of each paired link.</param>
/// <param name="Config">The configuration sync of each paired link.</param>
/// <param name="Pairing">Whether this node asks for a new pairing (its mode changed).</param>
internal sealed record PeerSyncs(IFailbackSync? Failback = null, IPeerLinkSync? Link = null, IPeerConfigSync? Config = null, PairingStore? Pairing = null);
