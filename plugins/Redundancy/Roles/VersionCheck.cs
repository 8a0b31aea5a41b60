using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>Compares the host version and every module's version of the two nodes, as the handshake tells them.</summary>
internal static class VersionCheck
{
    /// <summary>
    /// Every difference: the host version, and each module (by name) configured on both nodes whose version differs. A module
    /// configured on one node only is not a version difference (for example the embedded broker on one node of the pair).
    /// </summary>
    public static IReadOnlyList<VersionDifference> Compare(string hostHere, IReadOnlyList<ModuleVersion> modulesHere, HelloMessage peer)
    {
        var differences = new List<VersionDifference>();
        if (!string.Equals(hostHere, peer.HostVersion, StringComparison.Ordinal))
        {
            differences.Add(new VersionDifference("host", hostHere, peer.HostVersion));
        }

        var here = ByModule(modulesHere);
        var there = ByModule(peer.Modules);
        foreach (var module in here.Keys.Intersect(there.Keys).Order(StringComparer.Ordinal))
        {
            var mine = here[module];
            var theirs = there[module];
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                differences.Add(new VersionDifference(module, mine, theirs));
            }
        }

        return differences;
    }

    // A module that is configured but could not be loaded (version null) has no version to compare.
    private static Dictionary<string, string> ByModule(IReadOnlyList<ModuleVersion> modules) =>
        modules.Where(m => m.Version is not null)
            .GroupBy(m => m.Module, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Version!, StringComparer.Ordinal);
}
