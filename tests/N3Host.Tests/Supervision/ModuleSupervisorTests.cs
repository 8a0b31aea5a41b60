using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Supervision;
using Xunit;

namespace N3Host.Tests.Supervision;

public sealed class ModuleSupervisorTests
{
    [Fact]
    public async Task Start_RunsAlwaysModulesFirst_ThenActiveOnly_EachInFileOrder()
    {
        await using var node = new SupervisorHarness()
            .Add<FakeActiveModule>("a1")
            .Add<FakeAlwaysModule>("broker")
            .Add<FakeActiveModule>("a2")
            .Add<FakeAlwaysModule>("agent");

        await node.StartAsync();

        Assert.Equal(["broker:start", "agent:start", "a1:start", "a2:start"], node.Recorder.Only(":start"));
        Assert.All(node.Runtime.ModuleStates.Current, s => Assert.Equal(ModuleState.Active, s.State));
    }

    [Fact]
    public async Task Shutdown_StopsEveryModule_InReverseFileOrder()
    {
        await using var node = new SupervisorHarness().Add<FakeActiveModule>("a").Add<FakeAlwaysModule>("b").Add<FakeActiveModule>("c");
        await node.StartAsync();

        await node.Supervisor.StopAsync(CancellationToken.None);

        Assert.Equal(["c:stop", "b:stop", "a:stop"], node.Recorder.Only(":stop"));
        Assert.All(node.Runtime.ModuleStates.Current, s => Assert.Equal(ModuleState.Stopped, s.State));
    }

    [Fact]
    public async Task StandbyNode_ConstructsActiveOnlyModules_ButDoesNotStartThem()
    {
        await using var node = new SupervisorHarness()
            .Add<FakeActiveModule>("historian")
            .Add<FakeRedundancyModule>("redundancy", new { startAs = "standby" });

        await node.StartAsync();

        Assert.Equal(["redundancy:new", "redundancy:start", "historian:new"], node.Recorder.Events);
        Assert.Equal(ModuleState.Standby, node.State("historian").State);
        Assert.Equal(ModuleState.Active, node.State("redundancy").State);
    }

    [Fact]
    public async Task RoleChange_StartsActiveOnlyInFileOrder_AndStopsThemInReverse()
    {
        await using var node = new SupervisorHarness()
            .Add<FakeActiveModule>("a")
            .Add<FakeRedundancyModule>("redundancy", new { startAs = "standby" })
            .Add<FakeActiveModule>("b")
            .Add<FakeAlwaysModule>("broker");
        await node.StartAsync();
        var redundancy = node.Runtime.Services.Get<FakeRedundancyModule>()!;
        node.Recorder.Clear();

        redundancy.Set(NodeRole.Active, 2);
        await node.SettleAsync();

        Assert.Equal(["a:start", "b:start"], node.Recorder.Events);
        Assert.Equal(ModuleState.Active, node.State("a").State);

        node.Recorder.Clear();
        redundancy.Set(NodeRole.Standby, 3);
        await node.SettleAsync();

        Assert.Equal(["b:stop", "a:stop"], node.Recorder.Events);
        Assert.Equal(ModuleState.Standby, node.State("b").State);
        Assert.Equal(ModuleState.Active, node.State("broker").State);
    }

    [Fact]
    public async Task ConstructorThrow_FaultsTheModule_AndRecreatesItAfterTheBackoff()
    {
        await using var node = new SupervisorHarness(backoffMs: 1000).Add<FakeActiveModule>("x", new { throwIn = "constructor", failures = 1 }).Add<FakeActiveModule>("ok");

        await node.StartAsync();

        var faulted = node.State("x");
        Assert.Equal(ModuleState.Faulted, faulted.State);
        Assert.Equal("constructor: InvalidOperationException: x constructor broke", faulted.LastError);
        Assert.Equal(ModuleState.Active, node.State("ok").State);
        var logged = Assert.Single(node.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("x faulted", StringComparison.Ordinal));
        Assert.Equal("x constructor broke", logged.Exception?.Message);
        Assert.Contains(node.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "x restarts in 1000 ms (fault 1 in a row)");

        await node.AdvanceAsync(TimeSpan.FromMilliseconds(999));
        Assert.Equal(ModuleState.Faulted, node.State("x").State);

        await node.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ModuleState.Active, node.State("x").State);
        Assert.Equal(2, node.Recorder.Events.Count(e => e == "x:new"));
        Assert.Equal("constructor: InvalidOperationException: x constructor broke", node.State("x").LastError);
    }

    [Fact]
    public async Task BadSettings_FaultTheInstanceInPhaseSettings_NamingEveryOneWithFileAndInstance_BeforeConstruction()
    {
        await using var node = new SupervisorHarness(backoffMs: 1000).Add<FakeOptionsModule>("opt", new { periodMs = 5, tag = "" }).Add<FakeActiveModule>("ok");

        await node.StartAsync();

        var faulted = node.State("opt");
        Assert.Equal(ModuleState.Faulted, faulted.State);
        Assert.Equal(
            "settings: OptionsValidationException: modules.json: instance 'opt': setting 'periodMs' must be a whole number in 10..60000; "
            + "modules.json: instance 'opt': setting 'tag' must not be empty",
            faulted.LastError);
        Assert.DoesNotContain("opt:new", node.Recorder.Events);
        Assert.Equal(ModuleState.Active, node.State("ok").State);
        Assert.Contains(node.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "opt restarts in 1000 ms (fault 1 in a row)");
    }

    [Fact]
    public async Task GoodSettings_AreBoundIntoTheModulesOptions_OverTheTypesDefaults()
    {
        await using var node = new SupervisorHarness().Add<FakeOptionsModule>("opt", new { periodMs = 250 });

        await node.StartAsync();

        var module = (FakeOptionsModule)node.Recorder.Module("opt");
        Assert.Equal((250, new FakeOptions().Tag), (module.Options.PeriodMs, module.Options.Tag));
        Assert.Equal(ModuleState.Active, node.State("opt").State);
    }

    [Fact]
    public async Task StartThrow_FaultsTheModule_BackoffDoubles_UpToTheMaximum()
    {
        await using var node = new SupervisorHarness(backoffMs: 1000, maxBackoffMs: 4000).Add<FakeActiveModule>("x", new { throwIn = "start" });
        await node.StartAsync();
        Assert.Equal(ModuleState.Faulted, node.State("x").State);
        Assert.Equal("start: InvalidOperationException: x start broke", node.State("x").LastError);

        // Restarts come after 1 s, 2 s, 4 s, 4 s: each one fails again.
        foreach (var wait in new[] { 1000, 2000, 4000, 4000 })
        {
            var before = node.Recorder.Only(":start").Count;
            await node.AdvanceAsync(TimeSpan.FromMilliseconds(wait - 1));
            Assert.Equal(before, node.Recorder.Only(":start").Count);
            await node.AdvanceAsync(TimeSpan.FromMilliseconds(1));
            Assert.Equal(before + 1, node.Recorder.Only(":start").Count);
            Assert.Equal(ModuleState.Faulted, node.State("x").State);
        }
    }

    [Fact]
    public async Task ReportFault_StopsTheModule_MarksItFaulted_AndRestartsIt()
    {
        await using var node = new SupervisorHarness(backoffMs: 500).Add<FakeActiveModule>("x");
        await node.StartAsync();
        var incarnationContext = CurrentContext(node, "x");

        incarnationContext.ReportFault(new TimeoutException("device silent"));
        await node.SettleAsync();

        Assert.Equal(ModuleState.Faulted, node.State("x").State);
        Assert.Equal("running: TimeoutException: device silent", node.State("x").LastError);
        Assert.Equal(["x:new", "x:start", "x:stop"], node.Recorder.Events);

        // A late report from the old incarnation changes nothing.
        incarnationContext.ReportFault(new TimeoutException("again"));
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(500));

        Assert.Equal(ModuleState.Active, node.State("x").State);
        Assert.Equal(["x:new", "x:start", "x:stop", "x:new", "x:start"], node.Recorder.Events);
    }

    [Fact]
    public async Task ReportDegraded_ShowsDegradedWithTheCondition_NeverStopsOrRestarts_AndNullMakesItActiveAgain()
    {
        await using var node = new SupervisorHarness(backoffMs: 500).Add<FakeActiveModule>("x");
        await node.StartAsync();
        var context = CurrentContext(node, "x");

        context.ReportDegraded("disk full at /data (0 bytes free)");
        await node.SettleAsync();

        Assert.Equal(ModuleState.Degraded, node.State("x").State);
        Assert.Equal("disk full at /data (0 bytes free)", node.State("x").LastError);

        context.ReportDegraded("disk full at /data (512 bytes free)");
        await node.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ModuleState.Degraded, node.State("x").State);
        Assert.Equal("disk full at /data (512 bytes free)", node.State("x").LastError);

        context.ReportDegraded(null);
        await node.SettleAsync();

        Assert.Equal(ModuleState.Active, node.State("x").State);
        Assert.Equal(["x:new", "x:start"], node.Recorder.Events);
    }

    [Fact]
    public async Task ReportDegraded_EndsWithTheStop_AndAStaleIncarnationChangesNothing()
    {
        await using var node = new SupervisorHarness(backoffMs: 500).Add<FakeActiveModule>("x");
        await node.StartAsync();
        var first = CurrentContext(node, "x");
        first.ReportDegraded("read-only at /data");
        await node.SettleAsync();

        first.ReportFault(new InvalidOperationException("broke"));
        await node.SettleAsync();
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        Assert.Equal(ModuleState.Active, node.State("x").State);

        first.ReportDegraded("read-only at /data");
        await node.SettleAsync();
        Assert.Equal(ModuleState.Active, node.State("x").State);
    }

    [Fact]
    public async Task AFaultedModulesDurableSubscription_CountsWhatItMissesUntilTheRestart_AndHandsTheCountToTheNextIncarnation()
    {
        await using var node = new SupervisorHarness(backoffMs: 500).Add<FakeActiveModule>("x");
        await node.StartAsync();
        var options = new TagSubscriptionOptions { Name = "store:x", Patterns = ["line/*"], Durable = true };
        var first = CurrentContext(node, "x").Tags.Subscribe(options);
        Assert.Equal(0, first.MissedWhileClosed);

        CurrentContext(node, "x").ReportFault(new InvalidOperationException("broke"));
        await node.SettleAsync();
        for (var i = 0; i < 7; i++)
        {
            await node.Runtime.Tags.PublishAsync(TagValue.FromNumber("line/speed", i, node.Time.GetUtcNow()), default);
        }

        await node.Runtime.Tags.PublishAsync(TagValue.FromNumber("other/tag", 1, node.Time.GetUtcNow()), default);
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        Assert.Equal(ModuleState.Active, node.State("x").State);

        var second = CurrentContext(node, "x").Tags.Subscribe(options);
        Assert.Equal(7, second.MissedWhileClosed);
        Assert.Single(node.Runtime.Tags.Snapshot().Subscribers, s => s.Name == "store:x");
    }

    [Fact]
    public async Task Backoff_StartsOver_AfterAModuleRanLongEnough()
    {
        await using var node = new SupervisorHarness(backoffMs: 1000, maxBackoffMs: 8000).Add<FakeActiveModule>("x");
        await node.StartAsync();

        CurrentContext(node, "x").ReportFault(new InvalidOperationException("1"));
        await node.SettleAsync();
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(1000));
        CurrentContext(node, "x").ReportFault(new InvalidOperationException("2"));
        await node.SettleAsync();
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(1999));
        Assert.Equal(ModuleState.Faulted, node.State("x").State);
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(ModuleState.Active, node.State("x").State);

        // It runs for the maximum back-off: the next fault waits the first back-off again.
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(8000));
        CurrentContext(node, "x").ReportFault(new InvalidOperationException("3"));
        await node.SettleAsync();
        await node.AdvanceAsync(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(ModuleState.Active, node.State("x").State);
    }

    [Fact]
    public async Task FaultedRedundancyModule_ReleasesRoleControl_SoItsNextIncarnationCanTakeIt()
    {
        await using var node = new SupervisorHarness(backoffMs: 100).Add<FakeRedundancyModule>("redundancy");
        await node.StartAsync();
        Assert.Equal("redundancy", node.Runtime.RoleGate.Holder);

        CurrentContext(node, "redundancy").ReportFault(new InvalidOperationException("peer link broke"));
        await node.SettleAsync();
        Assert.Null(node.Runtime.RoleGate.Holder);

        await node.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal(ModuleState.Active, node.State("redundancy").State);
        Assert.Equal("redundancy", node.Runtime.RoleGate.Holder);
    }

    [Fact]
    public async Task SecondRoleController_IsRefused()
    {
        await using var node = new SupervisorHarness().Add<FakeRedundancyModule>("r1").Add<FakeRedundancyModule>("r2");

        await node.StartAsync();

        Assert.Equal(ModuleState.Active, node.State("r1").State);
        Assert.Equal(ModuleState.Faulted, node.State("r2").State);
        Assert.Contains("role control is already held by instance \"r1\"", node.State("r2").LastError);
    }

    [Fact]
    public async Task StateHandlerThatThrows_BreaksNothing_OtherHandlersStillHear()
    {
        await using var node = new SupervisorHarness().Add<FakeActiveModule>("a").Add<FakeActiveModule>("b");
        var heard = new List<string>();
        node.Runtime.ModuleStates.Changed += (_, _) => throw new InvalidOperationException("bad handler");
        node.Runtime.ModuleStates.Changed += (_, s) => heard.Add($"{s.Instance}:{s.State}");

        await node.StartAsync();

        Assert.Equal(["a:Starting", "a:Active", "b:Starting", "b:Active"], heard);
        Assert.All(node.Runtime.ModuleStates.Current, s => Assert.Equal(ModuleState.Active, s.State));
    }

    [Fact]
    public void RestartDelay_DoublesFromTheFirstBackoff_UpToTheMaximum()
    {
        var settings = new N3Host.Configuration.SupervisorSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 8).Select(n => RestartBackoff.Delay(settings, n).TotalSeconds));
        Assert.Equal(60, RestartBackoff.Delay(settings, 500).TotalSeconds);
    }

    private static IModuleContext CurrentContext(SupervisorHarness node, string instance) => node.Recorder.Module(instance).Context;
}
