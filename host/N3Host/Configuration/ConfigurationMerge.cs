using System.Text.Json.Nodes;

namespace N3Host.Configuration;

/// <summary>
/// Puts the peer's shared part into this node's modules.json. Kept from this node: the node section, the supervisor section,
/// every node-local instance (the redundancy instance) at its place in the list, and the values of node-local settings (named in
/// this node's or the peer's <c>localSettings</c> of an instance). Everything else of the shared instances is the peer's.
/// </summary>
internal static class ConfigurationMerge
{
    /// <summary>The merged modules.json tree; <paramref name="notes"/> tells what a user should check (node-local settings taken from the peer).</summary>
    public static JsonObject Merge(JsonObject local, JsonArray incoming, string peer, List<string> notes)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(notes);
        var result = SharedModules.Copy(local);
        var localInstances = SharedModules.Instances(local).ToList();
        var byName = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        var kept = new List<(int Index, JsonObject Instance)>();
        for (var i = 0; i < localInstances.Count; i++)
        {
            var instance = localInstances[i];
            if (SharedModules.Name(instance) is { } name)
            {
                byName[name] = instance;
            }

            if (SharedModules.IsNodeLocal(instance))
            {
                kept.Add((i, SharedModules.Copy(instance)));
            }
        }

        var merged = new List<JsonObject>();
        foreach (var entry in incoming.OfType<JsonObject>())
        {
            if (SharedModules.IsNodeLocal(entry))
            {
                continue;
            }

            var instance = SharedModules.Copy(entry);
            var name = SharedModules.Name(instance) ?? throw new ConfigurationException($"the shared configuration from {peer} has an instance without a name");
            if (byName.TryGetValue(name, out var mine) && SharedModules.IsNodeLocal(mine))
            {
                throw new ConfigurationException(
                    $"the shared configuration from {peer} has an instance \"{name}\", the name of this node's node-local {SharedModules.NodeLocalModule} instance; rename one of them");
            }

            KeepLocalSettings(instance, mine, name, peer, notes);
            merged.Add(instance);
        }

        foreach (var (index, instance) in kept)
        {
            merged.Insert(Math.Min(index, merged.Count), instance);
        }

        var modules = new JsonArray();
        foreach (var instance in merged)
        {
            modules.Add(instance);
        }

        result["modules"] = modules;
        return result;
    }

    private static void KeepLocalSettings(JsonObject instance, JsonObject? mine, string name, string peer, List<string> notes)
    {
        var paths = SharedModules.LocalPaths(instance)
            .Concat(mine is null ? [] : SharedModules.LocalPaths(mine))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (paths.Count == 0)
        {
            return;
        }

        if (mine is null)
        {
            notes.Add($"instance \"{name}\" is new on this node: its node-local settings ({string.Join(", ", paths)}) were taken from {peer}; set this node's own values if they must differ");
            return;
        }

        if (instance["settings"] is not JsonObject settings)
        {
            settings = new JsonObject();
            instance["settings"] = settings;
        }

        var own = mine["settings"] as JsonObject;
        foreach (var path in paths)
        {
            JsonNode? value = null;
            var found = false;
            if (own is not null)
            {
                value = SharedModules.Get(own, path, out found);
            }

            if (found)
            {
                SharedModules.Set(settings, path, value?.DeepClone());
            }
            else
            {
                SharedModules.Remove(settings, path);
            }
        }
    }
}
