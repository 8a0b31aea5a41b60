namespace N3Host.Pairing;

/// <summary>Where this node's pairing code stands.</summary>
internal enum PairingPhase
{
    /// <summary>No code was opened since the node started.</summary>
    None,

    /// <summary>A code is live: the pairing listener accepts a backup.</summary>
    Open,

    /// <summary>The code was used: a backup paired, and this node's modules.json names it.</summary>
    Paired,

    /// <summary>Three wrong codes: the code is void.</summary>
    Voided,

    /// <summary>Ten minutes passed without a pairing.</summary>
    Expired,
}
