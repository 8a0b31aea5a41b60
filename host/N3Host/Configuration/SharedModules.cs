using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace N3Host.Configuration;

/// <summary>
/// The shared part of modules.json: every module instance except the redundancy instance (its settings are the node's own),
/// with all its settings. Settings named in an instance's <c>localSettings</c> are node-local: they are left out of the
/// revision's hash and never replaced by the peer's values.
/// </summary>
internal static class SharedModules
{
    /// <summary>The instance key listing the node-local settings (paths with '.' between levels, as <c>server.port</c>).</summary>
    public const string LocalSettingsKey = "localSettings";

    /// <summary>The module whose instances are always node-local.</summary>
    public const string NodeLocalModule = "Redundancy";

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses modules.json text (already validated by <see cref="ConfigurationLoader"/>) into a tree with case-insensitive keys.</summary>
    public static JsonObject ParseRoot(string text) =>
        JsonNode.Parse(text, NodeOptions, DocumentOptions) as JsonObject ?? throw new ConfigurationException("modules.json: the file must hold one JSON object");

    /// <summary>Parses a shared part (a JSON array of instances) as sent by the peer.</summary>
    public static JsonArray ParseShared(string json)
    {
        try
        {
            return JsonNode.Parse(json, NodeOptions, DocumentOptions) as JsonArray
                ?? throw new ConfigurationException("the peer's shared configuration is not a JSON array of module instances");
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"the peer's shared configuration is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The shared instances of <paramref name="root"/>, copied, in file order.</summary>
    public static JsonArray Extract(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var result = new JsonArray(NodeOptions);
        foreach (var instance in Instances(root))
        {
            if (!IsNodeLocal(instance))
            {
                result.Add(Copy(instance));
            }
        }

        return result;
    }

    /// <summary>The instances of the <c>modules</c> list.</summary>
    public static IEnumerable<JsonObject> Instances(JsonObject root) =>
        root["modules"] is JsonArray modules ? modules.OfType<JsonObject>() : [];

    /// <summary>True for an instance that never leaves the node (the redundancy instance).</summary>
    public static bool IsNodeLocal(JsonObject instance) =>
        string.Equals(Text(instance, "module"), NodeLocalModule, StringComparison.OrdinalIgnoreCase);

    public static string? Name(JsonObject instance) => Text(instance, "instance");

    /// <summary>The instance's <c>localSettings</c> paths.</summary>
    public static IReadOnlyList<string> LocalPaths(JsonObject instance) =>
        instance[LocalSettingsKey] is JsonArray paths
            ? [.. paths.Select(p => p?.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : null).OfType<string>()]
            : [];

    /// <summary>SHA-256 of the shared instances without their node-local settings; key order and formatting do not count.</summary>
    public static string Hash(JsonArray shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        var text = new StringBuilder();
        foreach (var instance in shared.OfType<JsonObject>())
        {
            var copy = Copy(instance);
            if (copy["settings"] is JsonObject settings)
            {
                foreach (var path in LocalPaths(instance))
                {
                    Remove(settings, path);
                }
            }

            Canonical(copy, text);
            text.Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The settings value at a dotted path, or null.</summary>
    public static JsonNode? Get(JsonObject settings, string path, out bool found)
    {
        ArgumentNullException.ThrowIfNull(path);
        JsonNode? current = settings;
        found = false;
        foreach (var part in path.Split('.'))
        {
            if (current is not JsonObject level || !level.TryGetPropertyValue(part, out current))
            {
                return null;
            }
        }

        found = true;
        return current;
    }

    /// <summary>Sets the value at a dotted path, creating the levels on the way.</summary>
    public static void Set(JsonObject settings, string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('.');
        var level = settings;
        foreach (var part in parts[..^1])
        {
            if (level[part] is not JsonObject next)
            {
                next = new JsonObject(NodeOptions);
                level[part] = next;
            }

            level = next;
        }

        level[parts[^1]] = value;
    }

    /// <summary>Removes the value at a dotted path, if there.</summary>
    public static void Remove(JsonObject settings, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('.');
        var level = settings;
        foreach (var part in parts[..^1])
        {
            if (level[part] is not JsonObject next)
            {
                return;
            }

            level = next;
        }

        level.Remove(parts[^1]);
    }

    /// <summary>A deep copy whose keys stay case-insensitive.</summary>
    public static JsonObject Copy(JsonObject value) => (JsonObject)JsonNode.Parse(value.ToJsonString(), NodeOptions)!;

    /// <summary>Canonical JSON: object keys sorted (ordinal), no whitespace; arrays keep their order.</summary>
    public static string Canonical(JsonNode? node)
    {
        var text = new StringBuilder();
        Canonical(node, text);
        return text.ToString();
    }

    private static void Canonical(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        text.Append(',');
                    }

                    first = false;
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Canonical(value, text);
                }

                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    Canonical(array[i], text);
                }

                text.Append(']');
                break;
            case null:
                text.Append("null");
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static string? Text(JsonObject instance, string key) =>
        instance[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
