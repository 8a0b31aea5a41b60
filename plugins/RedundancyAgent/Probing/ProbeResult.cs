namespace N3Host.Plugins.RedundancyAgent;

/// <summary>What a role probe of one node found.</summary>
/// <param name="State">active, standby, refused (nothing listens: its link server is stopped) or timeout.</param>
/// <param name="Term">The node's redundancy term when it answered.</param>
/// <param name="Node">The node's name when it answered.</param>
/// <param name="Detail">The error, for people.</param>
internal sealed record ProbeResult(string State, long Term, string? Node, string? Detail)
{
    public bool IsActive => State == "active";

    /// <summary>A definite "not active": it answered standby, or refused the connection.</summary>
    public bool IsDefinitelyInactive => State is "standby" or "refused";

    public static ProbeResult Unknown { get; } = new("unknown", 0, null, null);
}
