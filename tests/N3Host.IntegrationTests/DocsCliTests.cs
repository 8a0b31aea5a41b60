using System.CommandLine;
using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// docs/cli-and-api.md against the command line the host builds (a docs check in CI): every command has its row in
/// the commands table, with every option and argument in its synopsis and every short alias named on the page; no row
/// names a command that does not exist. The same for the management API's requests, read from the endpoint mappings.
/// </summary>
public sealed partial class DocsCliTests
{
    private static readonly string[] Automatic = ["--help", "-h", "/h", "-?", "/?", "--version"];

    [Fact]
    public void TheCommandsTable_HasEveryCommandWithEveryOption_AndNoOther()
    {
        var page = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "docs", "cli-and-api.md"));
        var section = page[page.IndexOf("\n# Commands\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### Exit codes", StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith("| `n3host ", StringComparison.Ordinal)).Select(l => l.Split(" | ")[0]).ToList();
        var problems = new List<string>();
        var leaves = Leaves(N3Host.Cli.CliApp.Build(), "n3host").ToList();
        Assert.True(leaves.Count >= 12, "the CLI has its commands");

        foreach (var (path, command) in leaves)
        {
            var row = rows.FirstOrDefault(r => r.Contains($"`{path} ", StringComparison.Ordinal) || r.Contains($"`{path}`", StringComparison.Ordinal));
            if (row is null)
            {
                problems.Add($"`{path}` has no row in the commands table");
                continue;
            }

            var synopsis = row[row.IndexOf($"`{path}", StringComparison.Ordinal)..];
            synopsis = synopsis[..(synopsis.IndexOf('`', 1) + 1)];
            foreach (var option in command.Options.Where(o => !Automatic.Contains(o.Name)))
            {
                if (!synopsis.Contains(option.Name, StringComparison.Ordinal))
                    problems.Add($"`{path}`: the option {option.Name} is not in its synopsis {synopsis}");
                problems.AddRange(option.Aliases.Where(a => !Automatic.Contains(a) && !section.Contains($"`{a}`", StringComparison.Ordinal))
                    .Select(a => $"`{path}`: the alias {a} of {option.Name} is not named on the page"));
            }

            problems.AddRange(command.Arguments.Where(a => !synopsis.Contains(a.Name, StringComparison.Ordinal))
                .Select(a => $"`{path}`: the argument {a.Name} is not in its synopsis {synopsis}"));
        }

        var paths = leaves.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var synopsis in row.Split('`').Where(s => s.StartsWith("n3host ", StringComparison.Ordinal)))
            {
                var path = string.Join(' ', synopsis.Split(' ').TakeWhile(w => w.Length > 0 && char.IsLower(w[0]) || w == "n3host"));
                if (!paths.Contains(path))
                    problems.Add($"the commands table names `{path}`, the CLI has no such command");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void TheApiTable_HasEveryRequestTheNodeMaps_AndNoOther()
    {
        var page = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "docs", "cli-and-api.md"));
        var section = page[page.IndexOf("\n# Management API", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n# ", 1, StringComparison.Ordinal)];
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        var hostFolder = Path.Combine(HostBuild.RepoRoot, "host", "N3Host");
        foreach (var file in Directory.GetFiles(hostFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(hostFolder, f).StartsWith("bin", StringComparison.Ordinal) && !Path.GetRelativePath(hostFolder, f).StartsWith("obj", StringComparison.Ordinal)))
        {
            var code = File.ReadAllText(file);
            var groups = Group().Matches(code).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            foreach (Match map in Map().Matches(code))
            {
                var prefix = groups.GetValueOrDefault(map.Groups[1].Value, string.Empty);
                var verb = map.Groups[2].Value is "HealthChecks" or "PrometheusScrapingEndpoint" ? "GET" : map.Groups[2].Value.ToUpperInvariant();
                mapped.Add($"{verb} {prefix}{map.Groups[3].Value}");
            }
        }

        Assert.True(mapped.Count >= 10, $"the node maps its API requests ({string.Join(", ", mapped)})");
        var documented = Request().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var problems = mapped.Except(documented).Select(r => $"the node answers {r}, the API table does not show it")
            .Concat(documented.Except(mapped).Select(r => $"the API table shows {r}, the node does not answer it")).ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return (path, command);
            yield break;
        }

        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, $"{path} {sub.Name}"))
                yield return leaf;
        }
    }

    [GeneratedRegex(@"var (\w+) = app\.MapGroup\(""([^""]+)""\)")]
    private static partial Regex Group();

    [GeneratedRegex(@"(\w+)\.Map(Get|Post|Put|Delete|HealthChecks|PrometheusScrapingEndpoint)\(""([^""]+)""")]
    private static partial Regex Map();

    [GeneratedRegex(@"`((?:GET|POST|PUT|DELETE) /[^`?\s]*)")]
    private static partial Regex Request();
}
