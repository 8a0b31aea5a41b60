using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// The configuration reference (docs/configuration.md) names every setting the code reads, each in its module's
/// section, and names no setting the code does not read (a docs check in CI). The names come from a scan of the
/// options types and the host's settings reader: every <c>[Setting("key")]</c> on an options type (the keys the one binder
/// of libs/N3Host.PluginKit/Settings binds, and refuses a typo against), and the host's lists of known keys
/// (<c>static readonly string[]</c>) and <c>const string ...Key</c> constants.
/// </summary>
public sealed partial class DocsConfigurationTests
{
    /// <summary>Where each module's settings are declared (its options types), and the heading of its section in configuration.md.</summary>
    private static readonly (string Section, string[] Sources)[] Readers =
    [
        ("The host: `node`, `supervisor`, `modules`", ["host/N3Host/Configuration/ConfigurationLoader.cs", "host/N3Host/Configuration/ConfigurationLoader.Mqtt.cs", "host/N3Host/Configuration/ConfigurationLoader.Api.cs", "host/N3Host/Configuration/SharedModules.cs"]),
        ("Simulator", ["plugins/Simulator/Settings"]),
        ("MqttBroker", ["plugins/MqttBroker/Settings"]),
        ("Historian", ["plugins/Historian/Options"]),
        ("Links", ["plugins/Links/Settings"]),
        ("RedundancyAgent", ["plugins/RedundancyAgent/Settings"]),
        ("The `mqtt` section of Links and RedundancyAgent", ["libs/N3Host.PluginKit/Mqtt/MqttStatusOptions.cs"]),
        ("Redundancy", ["plugins/Redundancy/Options", "plugins/Redundancy/Sync/SyncOptions.cs"]),
    ];

    [Fact]
    public void TheConfigurationReference_NamesEverySettingTheCodeReads_InItsModulesSection()
    {
        var root = HostBuild.RepoRoot;
        var sections = Sections(File.ReadAllText(Path.Combine(root, "docs", "configuration.md")));
        var problems = new List<string>();
        foreach (var (section, sources) in Readers)
        {
            var keys = sources.SelectMany(source => SourceFiles(root, source)).SelectMany(file => KeysIn(File.ReadAllText(file))).ToHashSet(StringComparer.Ordinal);
            if (keys.Count == 0)
            {
                problems.Add($"{section}: no setting names found in {string.Join(", ", sources)} (did the settings reader change shape? update this scan)");
                continue;
            }

            if (!sections.TryGetValue(section, out var text))
            {
                problems.Add($"configuration.md has no section '# {section}'");
                continue;
            }

            var named = NamedSettings(text);
            problems.AddRange(keys.Where(key => !named.Contains(key)).Order(StringComparer.Ordinal)
                .Select(key => $"{section}: the code reads the setting '{key}', configuration.md has no row for it in this section"));
            problems.AddRange(SettingsInTables(text).Where(name => !keys.Contains(name)).Order(StringComparer.Ordinal)
                .Select(name => $"{section}: configuration.md names the setting '{name}', the code does not read it"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void TheScan_FindsEverySettingOfAnOptionsType_SoASettingMissingFromTheReferenceFailsTheCheck()
    {
        const string code = """
            [Setting("port", Min = 1, Max = 65535)]
            public int Port { get; set; } = 1883;

            [Setting("bindAddress", Rule = AddressRule)]
            public string BindAddress { get; set; } = "127.0.0.1";
            """;

        Assert.Equal(["port", "bindAddress"], KeysIn(code));
    }

    private static IEnumerable<string> SourceFiles(string root, string source)
    {
        var path = Path.Combine(root, source);
        return Directory.Exists(path) ? Directory.GetFiles(path, "*.cs") : [path];
    }

    /// <summary>The setting names a settings reader checks against.</summary>
    internal static IEnumerable<string> KeysIn(string code)
    {
        foreach (Match list in KnownList().Matches(code))
        {
            foreach (Match literal in Literal().Matches(list.Groups[1].Value))
                yield return literal.Groups[1].Value;
        }

        foreach (Match key in SettingAttribute().Matches(code))
            yield return key.Groups[1].Value;

        foreach (Match key in KeyConstant().Matches(code))
            yield return key.Groups[1].Value;
    }

    /// <summary>The text under each top-level heading (<c># ...</c>) of the page.</summary>
    private static Dictionary<string, string> Sections(string page)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var inCode = false;
        foreach (var line in page.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
                inCode = !inCode;
            if (!inCode && line.StartsWith("# ", StringComparison.Ordinal))
            {
                current = line[2..].Trim();
                sections[current] = string.Empty;
            }
            else if (current is not null)
            {
                sections[current] += line + "\n";
            }
        }

        return sections;
    }

    /// <summary>
    /// The names in the first column of the section's settings tables and in its <c>###</c> headings, with every segment
    /// of a dotted one (<c>`server.port`</c> names the section server and its setting port).
    /// </summary>
    private static HashSet<string> NamedSettings(string text) =>
        text.Split('\n')
            .Select(line => line.StartsWith("| `", StringComparison.Ordinal) ? line.Split('|')[1] : line.StartsWith("### ", StringComparison.Ordinal) ? line : null)
            .OfType<string>()
            .SelectMany(cell => Code().Matches(cell).SelectMany(m => m.Groups[1].Value.Split('.')))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The setting names in the first column of the section's settings tables (of <c>`server.port`</c>, port).</summary>
    private static IEnumerable<string> SettingsInTables(string text) =>
        text.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => Code().Matches(line.Split('|')[1]).Select(m => m.Groups[1].Value))
            .Select(name => name.Split('.')[^1])
            .Where(name => SettingName().IsMatch(name));

    [GeneratedRegex(@"static readonly string\[\] \w+ =\s*\[(.*?)\];", RegexOptions.Singleline)]
    private static partial Regex KnownList();

    [GeneratedRegex(@"\[Setting\(""(\w+)""")]
    private static partial Regex SettingAttribute();

    [GeneratedRegex(@"const string \w+Key = ""(\w+)""")]
    private static partial Regex KeyConstant();

    [GeneratedRegex(@"""(\w+)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^[a-z][A-Za-z]*$")]
    private static partial Regex SettingName();
}
