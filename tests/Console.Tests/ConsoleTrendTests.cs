using System.Globalization;
using System.Text.Json;
using N3Host.Testing;
using Xunit;

namespace N3Host.ConsoleTests;

/// <summary>The trend chart draws a simulator tag's history from the historian: raw values and aggregates.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleTrendTests(BrowserFixture browser)
{
    private const string Tag = "sim/ramp";

    [Fact]
    public async Task TrendChart_DrawsTheHistoriansValues_OfATagPickedInTheLiveTable_RawAndAggregates()
    {
        await using var node = await ConsoleNode.StartAsync();
        using var api = new NodeStatusClient(node.Config);
        await Eventually.TrueAsync(async () => (await api.GetAsync($"api/history/raw?tag={Tag}&from=-15m"))!["samples"]!.AsArray().Count >= 3,
            TimeSpan.FromSeconds(30), $"the historian stores {Tag}\n{node.Process.Output}");
        await using var console = await ConsoleSession.OpenAsync(browser.Browser, node.Config);
        var page = console.Page;

        // The live table lists the tag (filtered); a click on its row draws its trend.
        await page.FillAsync("#tag-filter", "ramp");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#tag-table tbody tr')].map(r => r.dataset.path).join() === 'sim/ramp'",
            null, new() { PollingInterval = 100 });
        await page.ClickAsync($"#tag-table tr[data-path='{Tag}']");

        // What uPlot holds and drew (its draw hook counts the points inside the x range).
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#trend-chart').dataset.drawnPoints) > 0", null, new() { PollingInterval = 100 });
        var raw = await ChartDataAsync(page);
        Assert.Equal(2, raw.Length);
        var points = raw[0].Zip(raw[1]).Where(p => p.Second is not null).ToList();
        Assert.NotEmpty(points);

        // Every point drawn is a value the historian stored at that time.
        var stored = (await api.GetAsync($"api/history/raw?tag={Tag}&from=-1h&limit=100000"))!["samples"]!.AsArray()
            .ToDictionary(s => DateTimeOffset.Parse(s!["sourceTime"]!.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), s => s!["value"]!.GetValue<double>());
        Assert.All(points, p =>
        {
            var time = (long)Math.Round(p.First!.Value * 1000);
            Assert.True(stored.TryGetValue(time, out var value), $"a point at {DateTimeOffset.FromUnixTimeMilliseconds(time):O} the historian does not have");
            Assert.Equal(value, p.Second!.Value, 6);
        });

        // Aggregates: min, avg and max per interval, min <= avg <= max.
        await page.SelectOptionAsync("#trend-mode", "aggregates");
        await page.WaitForFunctionAsync("() => window.n3console.trend()?.data.length === 4 && window.n3console.trend().data[2].length > 0", null, new() { PollingInterval = 100 });
        await page.WaitForFunctionAsync("() => Number(document.querySelector('#trend-chart').dataset.drawnPoints) > 0", null, new() { PollingInterval = 100 });
        var aggregates = await ChartDataAsync(page);
        Assert.All(Enumerable.Range(0, aggregates[0].Length), i => Assert.True(aggregates[1][i] <= aggregates[2][i] + 1e-9 && aggregates[2][i] <= aggregates[3][i] + 1e-9,
            $"interval {i}: min {aggregates[1][i]}, avg {aggregates[2][i]}, max {aggregates[3][i]}"));
        await Screenshots.PanelAsync(page, "panel-trend", "trend-aggregates");
        Assert.Empty(console.Errors);
    }

    /// <summary>uPlot's own data: [x (unix seconds), series...].</summary>
    private static async Task<double?[][]> ChartDataAsync(Microsoft.Playwright.IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.n3console.trend().data)");
        return JsonSerializer.Deserialize<double?[][]>(json)!;
    }
}
