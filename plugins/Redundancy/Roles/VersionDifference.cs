namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>One component whose version differs between the two nodes: <c>host</c> or a module's name.</summary>
internal sealed record VersionDifference(string Component, string? Here, string? There)
{
    /// <summary>
    /// True when only the patch number differs (same major and minor, both readable versions): the two nodes of a pair may run
    /// such versions together and keep synchronizing, one node upgraded after the other. Any other difference stops the sync.
    /// </summary>
    public bool PatchOnly =>
        System.Version.TryParse(Core(Here), out var here) && System.Version.TryParse(Core(There), out var there)
        && here.Major == there.Major && here.Minor == there.Minor;

    public override string ToString() => $"{Component} {Here ?? "(none)"} here, {There ?? "(none)"} there";

    // "1.2.3-beta.1+abc" is read as 1.2.3: a pre-release or build label does not change which line a version belongs to.
    private static string? Core(string? version) => version?.Split('-', '+')[0];
}
