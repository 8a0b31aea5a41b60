using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>What differs between this node's and the peer's host and module versions, for people (empty when nothing differs).</summary>
internal static class VersionComparison
{
    public static IReadOnlyList<string> Differences(string hostHere, IReadOnlyList<ModuleVersion> modulesHere, HelloMessage peer)
    {
        var differences = new List<string>();
        if (hostHere != peer.HostVersion)
        {
            differences.Add($"host: {hostHere} here, {peer.HostVersion} on {peer.Node}");
        }

        var here = modulesHere.GroupBy(m => m.Module, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Version, StringComparer.Ordinal);
        var there = peer.Modules.GroupBy(m => m.Module, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Version, StringComparer.Ordinal);
        foreach (var module in here.Keys.Union(there.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var a = here.GetValueOrDefault(module);
            var b = there.GetValueOrDefault(module);
            if (a != b)
            {
                differences.Add($"module {module}: {a ?? "not configured"} here, {b ?? "not configured"} on {peer.Node}");
            }
        }

        return differences;
    }
}
