namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>One component whose version differs between the two nodes: <c>host</c> or a module's name.</summary>
internal sealed record VersionDifference(string Component, string? Here, string? There)
{
    public override string ToString() => $"{Component} {Here ?? "(none)"} here, {There ?? "(none)"} there";
}
