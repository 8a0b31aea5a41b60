using N3Host.Contracts;
using N3Host.Plugins.Simulator.Generators;
using N3Host.Plugins.Simulator.Sampling;
using N3Host.Plugins.Simulator.Settings;
using N3Host.PluginKit.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace N3Host.Plugins.Simulator;

/// <summary>A tag source: ramps, sines, random walks, counters and square waves, sampled on the node's clock.</summary>
[N3Module("Simulator", Description = "Tag source: ramp, sine, random walk, counter and square wave tags")]
public sealed class SimulatorModule(IOptions<SimulatorOptions> options) : IModule, IConfigureServices, IDisposable
{
    private readonly SimulatorPlan _plan = (options ?? throw new ArgumentNullException(nameof(options))).Value.ToPlan();
    private IModuleContext? _context;
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private SampleLoop? _sampler;

    /// <summary>Binds and validates the instance's <see cref="SimulatorOptions"/> (every bad setting at once, before construction).</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) => services.AddSettings<SimulatorOptions>(settings);

    /// <summary>The status section's key for an instance.</summary>
    public static string StatusKey(string instanceName) => $"simulator:{instanceName}";

    /// <inheritdoc />
    public Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_loop is not null)
        {
            throw new InvalidOperationException($"Simulator {context.InstanceName} is already running");
        }

        var plan = _plan;
        var sampler = new SampleLoop(context, plan.PeriodMs, SimulatedTagFactory.CreateAll(plan.Tags));
        _context = context;
        _sampler = sampler;
        _stopping = new CancellationTokenSource();
        context.Services.AddStatus(StatusKey(context.InstanceName), () => new SimulatorStatus(
            plan.Tags.Count, plan.PeriodMs, sampler.Samples, sampler.Values, sampler.SkippedPeriods, sampler.SkipBursts, sampler.LastBurst));
        var token = _stopping.Token;
        _loop = Task.Run(() => sampler.RunAsync(token), CancellationToken.None);
        Log.Started(context.Logger, context.InstanceName, plan.Tags.Count, plan.PeriodMs);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _stopping is null || _context is null || _sampler is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
        _context.Services.RemoveStatus(StatusKey(_context.InstanceName));
        Log.Stopped(_context.Logger, _context.InstanceName, _sampler.Samples, _sampler.Values);
        _stopping.Dispose();
        _stopping = null;
        _loop = null;
        _sampler = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping?.Cancel();
        _stopping?.Dispose();
        _stopping = null;
    }
}
