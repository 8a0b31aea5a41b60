using System.Globalization;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.ConsoleTests;

/// <summary>The console of each node of a real pair shows that node's role, and a change of role live, without a reload.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleRoleTests(BrowserFixture browser, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EachNodesPage_ShowsItsRole_PrimaryActive_BackupStandby_AndThePeer()
    {
        await using var pair = await ConsolePair.StartAsync();
        await using var primary = await ConsoleSession.OpenAsync(browser.Browser, pair.PrimaryConfig);
        await using var backup = await ConsoleSession.OpenAsync(browser.Browser, pair.BackupConfig);

        await primary.WaitForRoleAsync("active");
        await backup.WaitForRoleAsync("standby");
        Assert.Equal("node-a", await primary.Page.Locator("#node-name").TextContentAsync());
        Assert.Equal("node-b", await backup.Page.Locator("#node-name").TextContentAsync());

        // The pair panel: the peer, connected, with its role and its certificate's fingerprint as the node reports them.
        using var api = new NodeStatusClient(pair.BackupConfig);
        var peerFingerprint = (await api.StatusAsync())!["services"]!["redundancy"]!["peer"]!["certificateFingerprint"]!.GetValue<string>();
        var pairPanel = backup.Page.Locator("#panel-pair");
        await pairPanel.GetByText("connected since").WaitForAsync();
        Assert.Equal("active", await pairPanel.Locator("table.pair tr:has(th:text-is('Role')) td:nth-child(3)").TextContentAsync());
        Assert.Contains(peerFingerprint, await pairPanel.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(primary.Errors);
        Assert.Empty(backup.Errors);
    }

    [Fact]
    public async Task BackupsPage_ShowsTheBackupActive_WithinASecondOfItsApi_WhenThePrimaryIsKilled_UnderLoad_WithoutAReload()
    {
        await using var pair = await ConsolePair.StartAsync();
        await using var page = await ConsoleSession.OpenAsync(browser.Browser, pair.BackupConfig);
        await page.WaitForRoleAsync("standby");
        await page.Page.EvaluateAsync("() => { window.notReloaded = true; }");
        using var api = new NodeStatusClient(pair.BackupConfig);

        // The kill and the watching happen with both cores busy (a load generator in this process), as on a plant's edge box.
        using var load = CpuLoad.OnEveryCore();

        // Both watchers run before the kill: the page (polled in the page every 20 ms, its own clock) and the backup's API.
        var pageActive = page.Page.WaitForFunctionAsync(
            "() => document.querySelector('#node-role').textContent === 'active' ? Date.now() : false", null, new() { PollingInterval = 20, Timeout = 30_000 });
        var apiActive = ApiActiveAtAsync(api);
        pair.Primary!.Kill();

        var apiAt = await apiActive;
        var pageAt = DateTimeOffset.FromUnixTimeMilliseconds((long)await (await pageActive).JsonValueAsync<double>());
        var lag = pageAt - apiAt;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the backup's API reported active at {apiAt:HH:mm:ss.fff}, its page showed it at {pageAt:HH:mm:ss.fff} (page minus API: {lag.TotalMilliseconds:0} ms)"));

        Assert.True(lag <= TimeSpan.FromSeconds(1), $"the page showed the backup active {lag.TotalMilliseconds:0} ms after its API did (at most 1000)\n{pair.Output}");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was not reloaded");
        Assert.Equal("live", await page.Page.Locator("#link-state").GetAttributeAsync("data-state"));
        await page.Page.Locator("#panel-pair span.no").GetByText("not connected").WaitForAsync();
        await Screenshots.PageAsync(page.Page, "failover-backup-after-primary-killed");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task ForceFailover_FromTheButton_AfterItsConfirmation_SwapsTheRoles_OnBothPages()
    {
        await using var pair = await ConsolePair.StartAsync();
        await using var primary = await ConsoleSession.OpenAsync(browser.Browser, pair.PrimaryConfig);
        await using var backup = await ConsoleSession.OpenAsync(browser.Browser, pair.BackupConfig);
        await primary.WaitForRoleAsync("active");
        await backup.WaitForRoleAsync("standby");

        // Cancel: nothing is sent.
        await primary.Page.ClickAsync("#action-failover");
        Assert.True(await primary.Page.Locator("#confirm").IsVisibleAsync(), "a confirmation comes first");
        await primary.Page.ClickAsync("#confirm-cancel");
        Assert.False(await primary.Page.Locator("#confirm").IsVisibleAsync());
        Assert.True(await primary.Page.Locator("#action-result").IsHiddenAsync(), "cancel sends nothing");

        await primary.Page.ClickAsync("#action-failover");
        Assert.Equal("Force a failover?", await primary.Page.Locator("#confirm-title").TextContentAsync());
        await Screenshots.PageAsync(primary.Page, "failover-confirmation", fullPage: false);
        await primary.Page.ClickAsync("#confirm-ok");

        await primary.WaitForRoleAsync("standby");
        await backup.WaitForRoleAsync("active");
        await primary.Page.Locator("#action-result[data-kind='ok']").WaitForAsync();
        using var primaryApi = new NodeStatusClient(pair.PrimaryConfig);
        using var backupApi = new NodeStatusClient(pair.BackupConfig);
        Assert.Equal("standby", await primaryApi.RoleAsync());
        Assert.Equal("active", await backupApi.RoleAsync());
        await Screenshots.PanelAsync(primary.Page, "panel-actions", "failover-done-actions");
        Assert.Empty(primary.Errors);
        Assert.Empty(backup.Errors);
    }

    /// <summary>Polls the node's API every 20 ms until it reports active: the time it first did (the test's clock, the machine's).</summary>
    private static async Task<DateTimeOffset> ApiActiveAtAsync(NodeStatusClient api)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await api.RoleAsync() == "active")
                return DateTimeOffset.UtcNow;
            await Task.Delay(20);
        }

        throw new TimeoutException("the backup's API did not report active");
    }
}
