using System.Text.Json;
using System.Text.Json.Nodes;

namespace N3Host.Testing;

/// <summary>Builds a modules.json for a test node.</summary>
public sealed class NodeConfig
{
    private readonly JsonArray _modules = [];
    private readonly JsonObject _root;

    /// <summary>A node with its name, data folder and management API port.</summary>
    public NodeConfig(string name, string dataDirectory, int apiPort)
    {
        DataDirectory = dataDirectory;
        _root = new JsonObject
        {
            ["node"] = new JsonObject { ["name"] = name, ["dataDirectory"] = dataDirectory, ["apiPort"] = apiPort },
            ["modules"] = _modules,
        };
    }

    /// <summary>The node's data folder, as given (where it keeps its certificate and its API secret).</summary>
    public string DataDirectory { get; }

    /// <summary>The whole document, for tests that want to change something by hand.</summary>
    public JsonObject Root => _root;

    /// <summary>
    /// Adds a module instance; <paramref name="settings"/> is an anonymous object, a JsonNode or null; <paramref name="localSettings"/>
    /// names the settings that keep this node's own value when a redundant pair synchronizes its configuration (ports of two nodes on one machine).
    /// </summary>
    public NodeConfig Add(string instance, string module, object? settings = null, string? version = null, bool enabled = true, string[]? localSettings = null)
    {
        var entry = new JsonObject { ["instance"] = instance, ["module"] = module };
        if (version is not null)
            entry["version"] = version;
        if (!enabled)
            entry["enabled"] = false;
        if (localSettings is not null)
            entry["localSettings"] = new JsonArray([.. localSettings.Select(s => (JsonNode?)s)]);
        entry["settings"] = settings switch
        {
            null => new JsonObject(),
            JsonNode node => node.DeepClone(),
            _ => JsonSerializer.SerializeToNode(settings, Json.Options),
        };
        _modules.Add(entry);
        return this;
    }

    /// <summary>
    /// A node as installed, for pairing tests: modules.json in <paramref name="folder"/>/<paramref name="subfolder"/>, its data folder
    /// beside it, a free API port, MQTT off, and <paramref name="module"/> as its only module instance (none when null). Returns the path.
    /// </summary>
    public static string WriteInstalled(TempDirectory folder, string subfolder, string name, JsonObject? module)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = folder.Combine(subfolder, "modules.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var config = new NodeConfig(name, folder.Combine(subfolder, "data"), FreePort.Get());
        config.Root["mqtt"] = new JsonObject { ["enabled"] = false };
        if (module is not null)
            config._modules.Add(module);
        return config.WriteTo(path);
    }

    /// <summary>Lets <paramref name="change"/> (when given) add to this configuration; returns it.</summary>
    public NodeConfig With(Action<NodeConfig>? change)
    {
        change?.Invoke(this);
        return this;
    }

    /// <summary>The JSON text.</summary>
    public string ToJson() => _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Writes the file and returns its path.</summary>
    public string WriteTo(string path)
    {
        File.WriteAllText(path, ToJson());
        return path;
    }
}
