using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.ConsoleTests;

/// <summary>
/// Pairing from the console's forms: a code opened on the primary's page, entered on the backup's page (a wrong code is refused
/// first); the pair comes up on both pages without a restart.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePairingTests(BrowserFixture browser) : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-console-pairing");

    [Fact]
    public async Task ACodeOpenedOnThePrimarysPage_PairsTheBackupFromItsPage_AfterAWrongCodeIsRefused_AndThePairComesUp()
    {
        var pairingPort = FreePort.Get();
        var primaryConfig = Config("a", "node-a", new JsonObject
        {
            ["instance"] = "redundancy",
            ["module"] = "Redundancy",
            ["settings"] = new JsonObject { ["mode"] = "standalone", ["server"] = new JsonObject { ["port"] = FreePort.Get(), ["pairingPort"] = pairingPort } },
        });
        var backupConfig = Config("b", "node-b", null);
        await using var primary = NodeProcess.Start(primaryConfig);
        await using var backup = NodeProcess.Start(backupConfig);
        await primary.WaitForLineAsync(l => l.Contains("Node node-a is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await backup.WaitForLineAsync(l => l.Contains("Node node-b is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        await using var primaryPage = await ConsoleSession.OpenAsync(browser.Browser, primaryConfig);
        await primaryPage.Page.FillAsync("#pair-listen", "127.0.0.1");
        await primaryPage.Page.ClickAsync("#pair-open button[type=submit]");
        await primaryPage.Page.WaitForFunctionAsync("() => /^[A-Z0-9-]{6,}$/.test(document.querySelector('#pair-code').textContent)", null, new() { PollingInterval = 50 });
        var code = (await primaryPage.Page.TextContentAsync("#pair-code"))!.Trim();
        Assert.Equal($"n3host pair --with 127.0.0.1:{pairingPort} --code {code}", (await primaryPage.Page.TextContentAsync("#pair-command"))!.Trim());
        await Screenshots.PanelAsync(primaryPage.Page, "panel-pairing", "pairing-primary-code");

        await using var backupPage = await ConsoleSession.OpenAsync(browser.Browser, backupConfig);
        await backupPage.Page.FillAsync("#pair-with", $"127.0.0.1:{pairingPort}");
        await backupPage.Page.FillAsync("#pair-join-code", code[..^1] + (code[^1] == 'A' ? 'B' : 'A'));
        await backupPage.Page.ClickAsync("#pair-join button[type=submit]");
        await backupPage.Page.WaitForFunctionAsync("() => document.querySelector('#pair-result').textContent.includes('attempts left')", null, new() { PollingInterval = 50 });
        Assert.Contains("the pairing code was wrong (2 attempts left)", await backupPage.Page.TextContentAsync("#pair-result"));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(backupConfig)!, "primary.pem")), "a wrong code writes nothing");

        await backupPage.Page.FillAsync("#pair-join-code", code);
        await backupPage.Page.ClickAsync("#pair-join button[type=submit]");
        await backupPage.Page.WaitForFunctionAsync("() => document.querySelector('#pair-result').textContent.startsWith('paired with')", null, new() { PollingInterval = 50 });
        Assert.Contains("paired with node-a", await backupPage.Page.TextContentAsync("#pair-result"));
        await Screenshots.PanelAsync(backupPage.Page, "panel-pairing", "pairing-backup-paired");

        // What the form did is what n3host pair --with does: the primary's certificate is the backup's to trust, and it is a backup now.
        var shown = await HostCli.RunAsync("cert", "show", "--config", primaryConfig);
        Assert.Equal(shown.StdOut, await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(backupConfig)!, "primary.pem")));
        Assert.Contains("\"backup\"", await File.ReadAllTextAsync(backupConfig));

        // The pair comes up with no restart and no file copied: the backup's page shows it standby with the primary connected, the
        // primary's page shows it active.
        await backupPage.WaitForRoleAsync("standby");
        await backupPage.Page.Locator("#panel-pair").GetByText("connected since").WaitForAsync();
        await primaryPage.WaitForRoleAsync("active");
        await primaryPage.Page.Locator("#panel-pair").GetByText("connected since").WaitForAsync();
        Assert.True(primaryPage.Errors.Count == 0, string.Join('\n', primaryPage.Errors));

        // The browser logs the refused wrong code (409 from /api/pair/join) as a failed resource: that one was meant; nothing else.
        Assert.DoesNotContain(backupPage.Errors, e => !(e.Contains("409", StringComparison.Ordinal) && e.Contains("/api/pair/join", StringComparison.Ordinal)));
    }

    public void Dispose() => _folder.Dispose();

    private string Config(string folder, string name, JsonObject? module) => NodeConfig.WriteInstalled(_folder, folder, name, module);
}
