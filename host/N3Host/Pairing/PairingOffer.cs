namespace N3Host.Pairing;

/// <summary>What one node gives the other once the code is proven, sealed with the derived key.</summary>
/// <param name="Node">The sender's node name.</param>
/// <param name="Certificate">The sender's certificate, PEM (what <c>n3host cert show</c> prints).</param>
/// <param name="PeerPort">From the primary to a backup: its <c>server.port</c>, where the backup connects; null otherwise.</param>
internal sealed record PairingOffer(string Node, string Certificate, int? PeerPort)
{
    /// <summary>From the joining node: <see cref="LinksPurpose"/> for a remote node's Links, null for a backup.</summary>
    public string? Purpose { get; init; }

    /// <summary>From the primary to a Links remote node: the certificates of both nodes of the pair (its own first).</summary>
    public IReadOnlyList<string>? PairCertificates { get; init; }

    /// <summary>The purpose of <c>n3host pair --links</c>: the Links trust lists, not the pair.</summary>
    public const string LinksPurpose = "links";

    public bool ForLinks => string.Equals(Purpose, LinksPurpose, StringComparison.Ordinal);
}
