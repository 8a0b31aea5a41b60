namespace N3Host.Api;

/// <summary>The body of <c>POST /api/pair/join</c>.</summary>
/// <param name="With">The primary's pairing address, HOST[:PORT].</param>
/// <param name="Code">The code the primary showed.</param>
/// <param name="Links">True: pair this node's Links clients with the pair, not this node as the backup.</param>
internal sealed record PairingJoinRequest(string? With, string? Code, bool Links);
