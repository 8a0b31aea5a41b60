using Microsoft.Playwright;
using Xunit;

namespace N3Host.ConsoleTests; // not N3Host.Console.Tests: a namespace named Console hides System.Console

/// <summary>
/// One headless Chromium for the console tests: the system's (Debian's <c>chromium</c> package, installed by <c>.ci/run</c>),
/// driven by Playwright; nothing is downloaded. <c>N3HOST_CHROMIUM</c> points elsewhere.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public static string Executable => Environment.GetEnvironmentVariable("N3HOST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"no Chromium at {Executable}: apt-get install chromium (or set N3HOST_CHROMIUM)");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Executable, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
