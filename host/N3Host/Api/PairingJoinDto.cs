namespace N3Host.Api;

/// <summary>The answer of <c>POST /api/pair/join</c>.</summary>
/// <param name="Peer">The primary's node name.</param>
/// <param name="Fingerprint">The primary's certificate fingerprint (SHA-256).</param>
/// <param name="Applied">What this node wrote.</param>
/// <param name="PeerProblem">Null when the primary confirmed it wrote its side; else why not.</param>
/// <param name="Next">What to do now (restart, or what the reload did).</param>
internal sealed record PairingJoinDto(string Peer, string Fingerprint, string Applied, string? PeerProblem, string Next);
