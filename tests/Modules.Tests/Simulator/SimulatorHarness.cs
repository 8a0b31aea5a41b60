using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Modules.Tests.Hosting;
using N3Host.Plugins.Simulator;
using N3Host.Plugins.Simulator.Sampling;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace N3Host.Modules.Tests.Simulator;

/// <summary>A Simulator instance hosted in-process on fake time, with a subscriber on the tag bus.</summary>
internal sealed class SimulatorHarness : IAsyncDisposable
{
    /// <summary>2026-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset Epoch2026 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private bool _started;
    private bool _errorsExpected;

    public SimulatorHarness(object? settings, ITestOutputHelper output, DateTimeOffset? start = null, int capacity = 65_536)
    {
        Time = new FakeTimeProvider(start ?? Epoch2026);
        Clock = new TimerCountingClock(Time);
        Context = new ModuleTestContext("Simulator", settings, "sim", Clock, output);
        Subscription = Context.Bus.Subscribe(new TagSubscriptionOptions { Name = "test", Capacity = capacity });
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The module's view of <see cref="Time"/>, counting the delays it creates.</summary>
    public TimerCountingClock Clock { get; }

    /// <summary>Waits until the loop, after its last sample, waits for the next period (then an advance reaches it).</summary>
    public Task WaitingAsync() =>
        N3Host.Testing.Eventually.TrueAsync(() => Clock.TimersCreated >= Status.Samples, TimeSpan.FromSeconds(30), "the simulator waits for its next period");

    public ModuleTestContext Context { get; }

    /// <summary>The module, constructed as the host does (its options bound from the context's settings) on first use.</summary>
    public SimulatorModule Module => _module ??= ModuleFactory.Create<SimulatorModule>(Context);

    private SimulatorModule? _module;

    public ITagSubscription Subscription { get; }

    public SimulatorStatus Status => Context.NodeServices.GetStatus<SimulatorStatus>(SimulatorModule.StatusKey("sim"));

    public async Task StartAsync()
    {
        await Module.StartAsync(Context, CancellationToken.None);
        _started = true;
    }

    public async Task StopAsync()
    {
        if (_started)
        {
            _started = false;
            await Module.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Lets the test end with error entries in the log (it expects them); otherwise any error fails it.</summary>
    public void ExpectErrors() => _errorsExpected = true;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Module.Dispose();
        Subscription.Dispose();
        Context.Dispose();
        if (!_errorsExpected)
        {
            Context.Log.ThrowIfUnexpectedErrors();
        }
    }
}
