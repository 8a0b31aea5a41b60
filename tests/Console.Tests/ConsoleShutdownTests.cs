using N3Host.Testing;
using Xunit;

namespace N3Host.ConsoleTests;

/// <summary>An open console (its live feed never ends by itself) does not hold up the node's shutdown.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleShutdownTests(BrowserFixture browser)
{
    [Fact]
    public async Task Node_StopsOnSigterm_WhileItsConsoleIsOpen_WithoutWaitingForTheShutdownTimeout()
    {
        await using var node = await ConsoleNode.StartAsync();
        await using var console = await ConsoleSession.OpenAsync(browser.Browser, node.Config);
        await console.WaitForRoleAsync("active");

        node.Process.Terminate();

        // The host waits up to 60 s (its shutdown timeout) for open requests; the feed must end as the node stops, well before.
        var exitCode = await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{node.Process.Output}");
        Assert.Contains(node.Process.Lines, l => l.Contains("Node plant-1 stopped", StringComparison.Ordinal));
    }
}
