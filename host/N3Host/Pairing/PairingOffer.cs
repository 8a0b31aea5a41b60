namespace N3Host.Pairing;

/// <summary>What one node gives the other once the code is proven, sealed with the derived key.</summary>
/// <param name="Node">The sender's node name.</param>
/// <param name="Certificate">The sender's certificate, PEM (what <c>n3host cert show</c> prints).</param>
/// <param name="PeerPort">From the primary: its <c>server.port</c>, where the backup connects; null from the backup.</param>
internal sealed record PairingOffer(string Node, string Certificate, int? PeerPort);
