using N3Host.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.PluginKit.Mqtt;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>
/// Runs on a remote node linked to a redundant pair: listens on a local port and forwards every connection,
/// byte for byte, to whichever node of the pair is active (found by role probes of both link servers).
/// On a failover, connections to the old node are closed so the link client reconnects to the new one.
/// </summary>
[N3Module("RedundancyAgent", Follows = RoleFollowing.Always, Description = "Forwards local connections to the active node of a redundant pair")]
public sealed class RedundancyAgentModule : IModule, IConfigureServices
{
    private readonly IModuleContext _context;
    private readonly AgentOptions _options;
    private CancellationTokenSource? _stopping;
    private ActiveNodeTracker? _tracker;
    private Forwarder? _forwarder;
    private Task _probing = Task.CompletedTask;
    private Task _mqtt = Task.CompletedTask;
    private IDisposable? _metrics;

    public RedundancyAgentModule(IModuleContext context, IOptions<AgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        _context = context;
        _options = options.Value;
    }

    /// <summary>Binds and validates the instance's <see cref="AgentOptions"/> (every bad setting at once, before construction).</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) => services.AddSettings<AgentOptions>(settings);

    private string StatusKey => $"redundancyAgent:{_context.InstanceName}";

    public Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _stopping = new CancellationTokenSource();
        _tracker = new ActiveNodeTracker(_options, _context.Time, _context.Logger);
        _forwarder = new Forwarder(_options, _tracker, _context.Time, _context.Logger);
        _forwarder.Start(_context.InstanceName);
        var tracker = _tracker;
        var stopping = _stopping.Token;
        _probing = Task.Run(() => tracker.RunAsync(stopping), CancellationToken.None);
        _context.Services.AddStatus(StatusKey, Snapshot);
        _metrics = AgentMetrics.Instruments.Track(_context.InstanceName, Snapshot);
        if (_options.Mqtt?.WhenEnabled() is { } mqtt)
        {
            var publisher = new StateTopicPublisher(_context.Services, $"redundancyAgent/{_context.InstanceName}", Snapshot, mqtt.Period, _context.Time);
            _mqtt = Task.Run(() => publisher.RunAsync(stopping), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _context.Services.RemoveStatus(StatusKey);
        _metrics?.Dispose();
        _metrics = null;
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _probing.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (_forwarder is not null)
        {
            await _forwarder.DisposeAsync();
        }

        await _mqtt;

        _stopping.Dispose();
        _stopping = null;
    }

    private AgentStatus Snapshot()
    {
        var tracker = _tracker!;
        var forwarder = _forwarder!;
        var target = tracker.Target;
        return new AgentStatus(
            forwarder.Endpoint,
            target?.Endpoint.ToString(),
            target?.Last.Node,
            Describe(tracker.Primary),
            Describe(tracker.Backup),
            forwarder.Connections,
            forwarder.Counters.Accepted,
            forwarder.Counters.Refused,
            forwarder.Counters.BytesUp,
            forwarder.Counters.BytesDown,
            tracker.Switches);
    }

    private static AgentNodeStatus Describe(PairNode node) =>
        new($"{node.Endpoint.Host}:{node.Endpoint.Port}", node.Last.State, node.Last.Term, node.Last.Node, node.Last.Detail, node.LastProbe);
}
