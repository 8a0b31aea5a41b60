using Microsoft.Playwright;
using N3Host.Testing;

namespace N3Host.ConsoleTests;

/// <summary>Screenshots of the console, kept as test artefacts in <c>artifacts/screenshots/</c> (not in git; docs/images has chosen ones).</summary>
public static class Screenshots
{
    public static string Directory
    {
        get
        {
            var path = Path.Combine(HostBuild.RepoRoot, "artifacts", "screenshots");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    /// <summary>The whole page from the top; <paramref name="fullPage"/> false: what the screen shows (a dialog over the page).</summary>
    public static async Task<string> PageAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(Directory, $"{name}.png");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // the sticky header at the top, where a reader sees it
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        return path;
    }

    public static async Task<string> PanelAsync(IPage page, string panelId, string name)
    {
        var path = Path.Combine(Directory, $"{name}.png");
        await page.Locator($"#{panelId}").ScreenshotAsync(new() { Path = path });
        return path;
    }
}
