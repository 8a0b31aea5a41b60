using Microsoft.Playwright;

namespace N3Host.ConsoleTests;

/// <summary>A node's console open in its own browser context (its own cookies), with every script error the page raised.</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    internal ConsolePage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, error) => Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // Until the node has users, GET /api/me answers 404 and the page treats it as "no login": the browser logs that fetch.
            if (message.Type == "error" && !message.Location.Contains("/api/me", StringComparison.Ordinal))
                Add($"console.error: {message.Text} ({message.Location})");
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Script errors so far (an EventSource that loses a killed node logs none: that is not an error of the page).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
                return [.. _errors];
        }
    }

    /// <summary>The role the page's header shows (<c>active</c>, <c>standby</c>).</summary>
    public async Task<string> RoleAsync() => await Page.Locator("#node-role").TextContentAsync() ?? "";

    /// <summary>Waits until the header shows <paramref name="role"/>, live (not the last role of a lost connection).</summary>
    public Task WaitForRoleAsync(string role, float timeoutMs = 30_000) =>
        Page.WaitForFunctionAsync(
            "role => document.querySelector('#node-role').textContent === role && document.querySelector('#link-state').dataset.state === 'live'",
            role, new() { Timeout = timeoutMs, PollingInterval = 20 });

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    private void Add(string error)
    {
        lock (_errors)
            _errors.Add(error);
    }
}
