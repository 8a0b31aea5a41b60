using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The benchmarks page's commands name the benchmark program's sections, each of them and no other (a docs check in CI).</summary>
public sealed partial class DocsBenchmarksTests
{
    [Fact]
    public void TheBenchmarksPage_ListsEverySectionOfTheProgram_AndNoOther()
    {
        var root = HostBuild.RepoRoot;
        var documented = Command().Matches(File.ReadAllText(Path.Combine(root, "docs", "benchmarks.md"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var program = Section().Matches(File.ReadAllText(Path.Combine(root, "tests", "N3Host.Benchmarks", "Program.cs"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.True(program.Count >= 8, $"the benchmark program's sections were found in Program.cs ({program.Count})");
        Assert.True(documented.SetEquals(program),
            $"docs/benchmarks.md runs [{string.Join(", ", documented.Order())}]; the program has [{string.Join(", ", program.Order())}]");
    }

    [GeneratedRegex(@"dotnet run -c Release --project tests/N3Host\.Benchmarks -- (\w+)")]
    private static partial Regex Command();

    [GeneratedRegex(@"^\s*\[""(\w+)""\] = ", RegexOptions.Multiline)]
    private static partial Regex Section();
}
