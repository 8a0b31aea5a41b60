namespace N3Host.Pairing;

/// <summary>A pairing that went through, as one side saw it.</summary>
/// <param name="Peer">The other node's offer: name, certificate, and from the primary its peer port.</param>
/// <param name="Applied">What this side wrote (for the user).</param>
/// <param name="PeerConfirmed">Null when the other node said it wrote its configuration; else why not (or that it did not say).</param>
internal sealed record PairingOutcome(PairingOffer Peer, string Applied, string? PeerConfirmed);
