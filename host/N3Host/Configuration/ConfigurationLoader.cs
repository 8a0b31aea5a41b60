using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using NuGet.Versioning;

namespace N3Host.Configuration;

/// <summary>Reads and validates modules.json. Every error names the file and the place (line and position, or instance and setting).</summary>
internal static partial class ConfigurationLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] RootKeys = ["node", "supervisor", MqttKey, "modules"];
    private static readonly string[] NodeKeys = ["name", "dataDirectory", "apiPort", ApiKey];
    private static readonly string[] SupervisorKeys = ["restartBackoffMs", "maxRestartBackoffMs", "moduleTimeoutMs"];
    private static readonly string[] InstanceKeys = ["instance", "module", "version", "enabled", "settings", SharedModules.LocalSettingsKey];

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static NodeConfiguration Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (FileNotFoundException)
        {
            throw new ConfigurationException($"{fullPath}: file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ConfigurationException($"{fullPath}: file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{fullPath}: cannot read the file: {e.Message}", e);
        }

        return Parse(text, fullPath);
    }

    /// <summary>Parses modules.json text; <paramref name="fullPath"/> names the file in messages and anchors the data folder.</summary>
    public static NodeConfiguration Parse(string text, string fullPath)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            throw new ConfigurationException($"{fullPath}: malformed JSON at line {line}, position {position}: {CleanJsonMessage(e.Message)}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(fullPath, "the file must hold one JSON object with \"node\" and \"modules\"");
            }

            CheckKeys(fullPath, "the top level", root, RootKeys);
            var node = ReadNode(fullPath, root);
            var supervisor = ReadSupervisor(fullPath, root);
            var modules = ReadModules(fullPath, root);
            return new NodeConfiguration(fullPath, node, supervisor, modules) { Mqtt = ReadMqtt(fullPath, root, modules) };
        }
    }

    private static NodeSettings ReadNode(string file, JsonElement root)
    {
        if (!TryGet(root, "node", out var node))
        {
            return new NodeSettings(NodeSettings.DefaultName, ResolveData(file, NodeSettings.DefaultDataDirectory), NodeSettings.DefaultApiPort);
        }

        RequireObject(file, "node", node);
        CheckKeys(file, "node", node, NodeKeys);
        var name = ReadString(file, "node.name", node, "name") ?? NodeSettings.DefaultName;
        if (!NamePattern().IsMatch(name))
        {
            throw Error(file, $"node.name: \"{name}\" is not allowed: use 1 to 64 letters, digits, '-', '_' or '.'");
        }

        var data = ReadString(file, "node.dataDirectory", node, "dataDirectory") ?? NodeSettings.DefaultDataDirectory;
        if (data.Trim().Length == 0)
        {
            throw Error(file, "node.dataDirectory: must not be empty (default: \"data\", next to modules.json)");
        }

        var port = ReadInt(file, "node.apiPort", node, "apiPort", NodeSettings.DefaultApiPort, 1, 65535);
        return new NodeSettings(name, ResolveData(file, data), port) { Api = ReadApi(file, node) };
    }

    private static SupervisorSettings ReadSupervisor(string file, JsonElement root)
    {
        if (!TryGet(root, "supervisor", out var section))
        {
            return SupervisorSettings.Default;
        }

        RequireObject(file, "supervisor", section);
        CheckKeys(file, "supervisor", section, SupervisorKeys);
        var backoff = ReadInt(file, "supervisor.restartBackoffMs", section, "restartBackoffMs", SupervisorSettings.DefaultRestartBackoffMs, 10, 3_600_000);
        var max = ReadInt(file, "supervisor.maxRestartBackoffMs", section, "maxRestartBackoffMs", Math.Max(SupervisorSettings.DefaultMaxRestartBackoffMs, backoff), backoff, 86_400_000);
        var timeout = ReadInt(file, "supervisor.moduleTimeoutMs", section, "moduleTimeoutMs", SupervisorSettings.DefaultModuleTimeoutMs, 100, 3_600_000);
        return new SupervisorSettings(TimeSpan.FromMilliseconds(backoff), TimeSpan.FromMilliseconds(max), TimeSpan.FromMilliseconds(timeout));
    }

    private static List<ModuleInstanceConfig> ReadModules(string file, JsonElement root)
    {
        var result = new List<ModuleInstanceConfig>();
        if (!TryGet(root, "modules", out var modules))
        {
            return result;
        }

        if (modules.ValueKind != JsonValueKind.Array)
        {
            throw Error(file, "modules: must be a list ([ ... ]) of module instances");
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var entry in modules.EnumerateArray())
        {
            var where = $"modules[{index}]";
            RequireObject(file, where, entry);
            var instance = ReadString(file, $"{where}.instance", entry, "instance")
                ?? throw Error(file, $"{where}: \"instance\" is missing (the instance's name, unique on the node)");
            if (!NamePattern().IsMatch(instance))
            {
                throw Error(file, $"{where}.instance: \"{instance}\" is not allowed: use 1 to 64 letters, digits, '-', '_' or '.'");
            }

            var label = $"instance \"{instance}\"";
            if (names.TryGetValue(instance, out var first))
            {
                throw Error(file, $"{label} (modules[{index}]): duplicate instance name: modules[{first}] has it already; every instance needs its own name");
            }

            names[instance] = index;
            CheckKeys(file, label, entry, InstanceKeys);
            var module = ReadString(file, $"{label}: module", entry, "module")
                ?? throw Error(file, $"{label}: \"module\" is missing (the module's name, as its folder in plugins/)");
            if (!NamePattern().IsMatch(module))
            {
                throw Error(file, $"{label}: module: \"{module}\" is not a module name");
            }

            VersionRange? range = null;
            var rangeText = ReadString(file, $"{label}: version", entry, "version");
            if (rangeText is not null && !VersionRange.TryParse(rangeText, out range))
            {
                throw Error(file, $"{label}: version: \"{rangeText}\" is not a version range (examples: \"0.1\" = 0.1 or newer, \"[0.1,1.0)\" = from 0.1 up to but not including 1.0)");
            }

            var enabled = true;
            if (TryGet(entry, "enabled", out var enabledElement))
            {
                enabled = enabledElement.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw Error(file, $"{label}: enabled: must be true or false"),
                };
            }

            var settingsJson = "{}";
            if (TryGet(entry, "settings", out var settings) && settings.ValueKind != JsonValueKind.Null)
            {
                if (settings.ValueKind != JsonValueKind.Object)
                {
                    throw Error(file, $"{label}: settings: must be an object ({{ ... }})");
                }

                settingsJson = settings.GetRawText();
            }

            CheckLocalSettings(file, label, entry);
            result.Add(new ModuleInstanceConfig(instance, module, range, enabled, BuildSettings(settingsJson), settingsJson));
            index++;
        }

        return result;
    }

    private static void CheckLocalSettings(string file, string label, JsonElement entry)
    {
        if (!TryGet(entry, SharedModules.LocalSettingsKey, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var where = $"{label}: {SharedModules.LocalSettingsKey}";
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Error(file, $"{where}: must be a list of setting names ([\"port\", \"server.port\"]) that keep this node's own value");
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (path is null || !SettingPathPattern().IsMatch(path))
            {
                throw Error(file, $"{where}[{index}]: {item.GetRawText()} is not a setting name (a name, or names joined by '.' for a nested setting, as \"server.port\")");
            }

            index++;
        }
    }

    private static IConfigurationRoot BuildSettings(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return new ConfigurationBuilder().AddJsonStream(stream).Build();
    }

    private static string ResolveData(string file, string data) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, data));

    private static bool TryGet(JsonElement element, string key, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static void RequireObject(string file, string where, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(file, $"{where}: must be an object ({{ ... }})");
        }
    }

    private static void CheckKeys(string file, string where, JsonElement element, string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw Error(file, $"{where}: unknown setting \"{property.Name}\" (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private static string? ReadString(string file, string where, JsonElement element, string key)
    {
        if (!TryGet(element, key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Error(file, $"{where}: must be a string (in quotes)");
    }

    private static int ReadInt(string file, string where, JsonElement element, string key, int defaultValue, int min, int max)
    {
        if (!TryGet(element, key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        var range = string.Create(CultureInfo.InvariantCulture, $"{min} to {max}");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw Error(file, $"{where}: {value.GetRawText()} is not a whole number (allowed: {range}, default {defaultValue})");
        }

        if (number < min || number > max)
        {
            throw Error(file, $"{where}: {number} is out of range (allowed: {range}, default {defaultValue})");
        }

        return (int)number;
    }

    private static string CleanJsonMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        return text.Trim().TrimEnd('.');
    }

    private static ConfigurationException Error(string file, string message) => new($"{file}: {message}");

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$")]
    private static partial Regex SettingPathPattern();
}
