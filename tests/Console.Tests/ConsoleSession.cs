using Microsoft.Playwright;

namespace N3Host.ConsoleTests;

/// <summary>
/// How a test opens a node's console: the one place that knows the URL and what it takes to get in. When the node asks for
/// a login, only this method changes (a <c>#token=</c> link, or the login form).
/// </summary>
public static class ConsoleSession
{
    public static readonly ViewportSize Screen1366 = new() { Width = 1366, Height = 768 };

    public static async Task<ConsolePage> OpenAsync(IBrowser browser, int apiPort, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = viewport ?? Screen1366 });
        var page = new ConsolePage(context, await context.NewPageAsync());
        page.Page.SetDefaultTimeout(30_000);
        await page.Page.GotoAsync($"http://127.0.0.1:{apiPort}/");
        await page.Page.WaitForFunctionAsync(
            "() => document.querySelector('#link-state').dataset.state === 'live' && document.querySelector('#node-role').dataset.role !== 'unknown'",
            null, new() { PollingInterval = 50 });
        return page;
    }
}
