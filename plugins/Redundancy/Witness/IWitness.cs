using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>The witness as the role state machine sees it: a view that changes, and this node's role and term to tell it.</summary>
internal interface IWitness
{
    /// <summary>What the witness says now.</summary>
    WitnessView View { get; }

    /// <summary>Raised (on a pool thread, outside any lock of the caller) when reachability, the peer's liveness, role or term changed.</summary>
    event Action? Changed;

    /// <summary>The sequence number of the latest heartbeat this node sent.</summary>
    long SentSeq { get; }

    /// <summary>This node's role and term, published at once and then every heartbeat interval.</summary>
    void Publish(NodeRole role, long term);
}
