using System.Text.Json.Nodes;
using Microsoft.Playwright;
using N3Host.Testing;

namespace N3Host.ConsoleTests;

/// <summary>
/// How a test opens a node's console: the one place that knows the URL and what it takes to get in. When the node asks for
/// a login, only this method changes (a <c>#token=</c> link, or the login form).
/// </summary>
public static class ConsoleSession
{
    public static readonly ViewportSize Screen1366 = new() { Width = 1366, Height = 768 };

    /// <summary>Opens the console of the node run with <paramref name="config"/>, logged in by the one-time link <c>n3host console</c> prints.</summary>
    public static async Task<ConsolePage> OpenAsync(IBrowser browser, string config, ViewportSize? viewport = null)
    {
        var link = await HostCli.RunAsync("console", "--config", config);
        if (link.ExitCode != 0)
            throw new InvalidOperationException($"n3host console failed ({link.ExitCode}): {link.Output}");
        var context = await browser.NewContextAsync(new() { ViewportSize = viewport ?? Screen1366 });
        var page = new ConsolePage(context, await context.NewPageAsync());
        page.Page.SetDefaultTimeout(30_000);
        await page.Page.GotoAsync(link.StdOut.Trim());
        await page.Page.WaitForFunctionAsync(
            "() => document.querySelector('#link-state').dataset.state === 'live' && document.querySelector('#node-role').dataset.role !== 'unknown'",
            null, new() { PollingInterval = 50 });
        return page;
    }

    /// <summary>An HTTP client for the node's API with its secret (read from the data folder named in <paramref name="config"/>).</summary>
    public static HttpClient ApiClient(string config, TimeSpan timeout)
    {
        var node = JsonNode.Parse(File.ReadAllText(config))!["node"]!;
        var data = Path.GetFullPath(node["dataDirectory"]!.GetValue<string>(), Path.GetDirectoryName(config)!);
        return NodeApiClient.Create(node["apiPort"]!.GetValue<int>(), data, timeout);
    }
}
