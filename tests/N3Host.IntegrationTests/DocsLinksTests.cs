using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The manual's pages point at each other by file and heading: every such link must land (a docs check in CI).</summary>
public sealed partial class DocsLinksTests
{
    [Fact]
    public void EveryLinkInTheReadmeAndTheManual_NamesAFileThatExists_AndAHeadingItHas()
    {
        var root = HostBuild.RepoRoot;
        var pages = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md")).ToList();
        Assert.True(pages.Count >= 8, "the manual has its pages in docs/");
        var broken = new List<string>();
        foreach (var page in pages)
        {
            foreach (Match link in Link().Matches(File.ReadAllText(page)))
            {
                var target = link.Groups[1].Value;
                if (target.StartsWith("http", StringComparison.Ordinal))
                    continue;
                var file = target.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
                var name = Path.GetRelativePath(root, page);
                if (!File.Exists(file) && !Directory.Exists(file))
                    broken.Add($"{name}: {target} does not exist");
                else if (link.Groups[2].Success && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(file).Contains(link.Groups[2].Value))
                    broken.Add($"{name}: {target}#{link.Groups[2].Value} has no such heading");
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
        Assert.True(File.ReadAllLines(Path.Combine(root, "README.md")).Length < 150, "the README stays short: the manual is in docs/");
    }

    /// <summary>The headings' anchors as GitHub makes them (lower case, punctuation dropped, spaces to dashes, -1, -2 for repeats).</summary>
    private static HashSet<string> Anchors(string file)
    {
        var seen = new Dictionary<string, int>();
        var anchors = new HashSet<string>();
        foreach (var line in File.ReadLines(file))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
                continue;
            var slug = Punctuation().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-');
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }

        return anchors;
    }

    [GeneratedRegex(@"\]\(([^)\s#]*)(?:#([\w\-]+))?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#+ (.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex Punctuation();
}
