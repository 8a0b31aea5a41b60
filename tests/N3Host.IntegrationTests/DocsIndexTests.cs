using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The README is the manual's index: every page in docs/ is linked from it (a docs check in CI).</summary>
public sealed partial class DocsIndexTests
{
    [Fact]
    public void EveryPageOfTheManual_IsLinkedFromTheReadme()
    {
        var root = HostBuild.RepoRoot;
        var linked = DocsLink().Matches(File.ReadAllText(Path.Combine(root, "README.md"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(Path.GetFileName).ToList();

        var missing = pages.Where(page => !linked.Contains(page!)).ToList();

        Assert.True(pages.Count >= 15, $"the manual has its pages in docs/ (found {pages.Count})");
        Assert.True(missing.Count == 0, "pages in docs/ that README.md does not link to: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"\]\(docs/([^)\s#/]+\.md)(?:#[\w\-]+)?\)")]
    private static partial Regex DocsLink();
}
