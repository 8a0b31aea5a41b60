using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.ConsoleTests;

/// <summary>The console fits a 1366×768 screen and a tablet without horizontal scrolling; screenshots of every panel for a human eye.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleLayoutTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly string[] Panels = ["panel-pair", "panel-actions", "panel-modules", "panel-tags", "panel-trend", "panel-pairing"];

    private static readonly (string Name, int Width, int Height)[] Screens = [("1366x768", 1366, 768), ("tablet-landscape", 1024, 768), ("tablet-portrait", 768, 1024)];

    [Fact]
    public async Task Console_HasNoHorizontalScroll_OnA1366ScreenNorATablet_AndEveryPanelIsScreenshotted()
    {
        await using var pair = await ConsolePair.StartAsync();
        foreach (var (screen, width, height) in Screens)
        {
            foreach (var (node, config) in new[] { ("primary", pair.PrimaryConfig), ("backup", pair.BackupConfig) })
            {
                await using var console = await ConsoleSession.OpenAsync(browser.Browser, config, new ViewportSize { Width = width, Height = height });
                var page = console.Page;
                await page.Locator("#panel-pair table.pair").WaitForAsync();
                await page.Locator("#modules-body article").First.WaitForAsync();
                if (node == "primary")
                {
                    // The active node runs the Simulator: its live values and a trend on the page, as an engineer sees it.
                    await page.SelectOptionAsync("#trend-range", "5m");
                    await page.ClickAsync("#tag-table tbody tr[data-path='sim/ramp']");
                    await page.WaitForFunctionAsync("() => Number(document.querySelector('#trend-chart').dataset.drawnPoints) > 0", null, new() { PollingInterval = 100 });
                }

                var scroll = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
                output.WriteLine($"{node} at {screen}: scrollWidth {scroll[0]}, clientWidth {scroll[1]}; screenshots in {Screenshots.Directory}");
                await Screenshots.PageAsync(page, $"{screen}-{node}");
                if (screen == "1366x768")
                {
                    foreach (var panel in Panels)
                        await Screenshots.PanelAsync(page, panel, $"{screen}-{node}-{panel}");
                }

                Assert.True(scroll[0] <= scroll[1], $"{node}'s page at {screen} scrolls sideways: {scroll[0]} px wide in a {scroll[1]} px window");
                Assert.Empty(console.Errors);
            }
        }
    }
}
