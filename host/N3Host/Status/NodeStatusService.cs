using System.Text.Json;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Node;

namespace N3Host.Status;

/// <summary>
/// The node publishes its own status over MQTT, whatever modules it runs: <c>status</c> (online, the will offline), the role
/// (<c>redundancy</c>: the redundancy core's payload when it publishes one, else the role gate's), every instance's state
/// (<c>modules/&lt;instance&gt;</c>, on each change) and status section (<c>sections/&lt;key&gt;</c>, every status interval), through one
/// <see cref="StatusPublisher"/>. Modules hand it states that must go out at once through <see cref="INodeServices.PublishState"/>.
/// </summary>
internal sealed class NodeStatusService : IStatePublication
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly MqttSettings _settings;
    private readonly StatusTopics _topics;
    private readonly StatusPublisher _publisher;
    private readonly NodeInfo _node;
    private readonly string _hostVersion;
    private readonly IModuleStates _modules;
    private readonly IRoleGate _gate;
    private readonly NodeServices _services;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly List<Task> _loops = [];
    private CancellationTokenSource? _stopping;
    private bool _roleFromModule;

    public NodeStatusService(MqttSettings settings, NodeInfo node, string hostVersion, IModuleStates modules, IRoleGate gate, NodeServices services, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _node = node;
        _hostVersion = hostVersion;
        _modules = modules;
        _gate = gate;
        _services = services;
        _time = time;
        _logger = logger;
        _topics = new StatusTopics(settings.TopicPrefix, node.Name);
        _publisher = new StatusPublisher(settings, _topics, node.Name, time, logger);
    }

    /// <summary>Attaches (when <c>mqtt.enabled</c>); call before the modules start, so their first states are kept, then <see cref="Connect"/>.</summary>
    public static NodeStatusService? AttachIfEnabled(MqttSettings settings, NodeRuntime runtime, string hostVersion, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runtime);
        if (!settings.Enabled)
        {
            StatusLog.Disabled(logger, settings.Source);
            return null;
        }

        var service = new NodeStatusService(settings, runtime.Node, hostVersion, runtime.ModuleStates, runtime.RoleGate, runtime.Services, runtime.Time, logger);
        service.Attach();
        return service;
    }

    /// <summary>Attaches and connects at once (a test node, whose broker is already up).</summary>
    public void Start()
    {
        Attach();
        Connect();
    }

    /// <summary>
    /// Records the node's state from now on (module states, role, the states modules publish), before the modules start;
    /// nothing goes to the broker before <see cref="Connect"/>.
    /// </summary>
    public void Attach()
    {
        _stopping = new CancellationTokenSource();
        _services.Publication = this;
        _modules.Changed += OnModuleChanged;
        _gate.Changed += OnRoleChanged;
        foreach (var status in _modules.Current)
        {
            Module(status);
        }

        OnRoleChanged(this, _gate.Current);
    }

    /// <summary>
    /// Starts the publishing loop, once the modules are started: a node's own embedded broker is then listening, so the first
    /// connection does not fail and warn on every start. What was recorded since <see cref="Attach"/> goes out on connect.
    /// </summary>
    public void Connect()
    {
        if (_stopping is null)
        {
            throw new InvalidOperationException("attach first");
        }

        _loops.Add(RunAsync(_publisher.RunAsync, _stopping.Token));
        if (_settings.StatusInterval > TimeSpan.Zero)
        {
            var sections = new StatusSections(_publisher, _topics, _services, _settings.StatusInterval, _time);
            _loops.Add(RunAsync(sections.RunAsync, _stopping.Token));
        }
    }

    /// <summary>After the modules stopped: their last states, then <c>offline</c> (the will only covers a crash), then the loops end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not { } stopping)
        {
            return;
        }

        _modules.Changed -= OnModuleChanged;
        _gate.Changed -= OnRoleChanged;
        if (ReferenceEquals(_services.Publication, this))
        {
            _services.Publication = null;
        }

        using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, patience.Token))
        {
            try
            {
                await _publisher.WhenPublishedAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The broker is unreachable: the retained topics keep what it had, the will says offline.
            }
        }

        await _publisher.StopAsync(cancellationToken).ConfigureAwait(false);
        await stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _loops.Clear();
        stopping.Dispose();
        _stopping = null;
    }

    public void Publish(string topic, object state)
    {
        byte[] payload;
        try
        {
            payload = JsonSerializer.SerializeToUtf8Bytes(state, state.GetType(), Json);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or JsonException)
        {
            StatusLog.PayloadFailed(_logger, _topics.State(topic), e);
            return;
        }

        // Under the lock, so a role gate change on another thread cannot put the gate's payload after the module's.
        lock (_lock)
        {
            if (topic == StatusSections.RedundancyKey)
            {
                _roleFromModule = true;
            }

            _publisher.Set(_topics.State(topic), payload);
        }
    }

    public Task<bool> WhenPublishedAsync(CancellationToken cancellationToken) => _publisher.WhenPublishedAsync(cancellationToken);

    private void OnModuleChanged(object? sender, ModuleStatus status) => Module(status);

    private void Module(ModuleStatus status) => _publisher.Set(_topics.Module(status.Instance), JsonSerializer.SerializeToUtf8Bytes(
        new ModulePayload(status.State.ToString().ToLowerInvariant(), status.Module, status.Version, status.Since, status.LastError),
        Json));

    /// <summary>The role gate's state, while no module (the redundancy core) publishes the role with its own fields.</summary>
    private void OnRoleChanged(object? sender, RoleState role)
    {
        lock (_lock)
        {
            if (_roleFromModule)
            {
                return;
            }

            var active = role.Role == NodeRole.Active;
            var faulted = _modules.Current.Count(m => m.State is ModuleState.Faulted or ModuleState.Degraded);
            var level = Math.Clamp((active ? 255 : 100) - (30 * faulted), 2, 255);
            var payload = new RolePayload(_node.Name, role.Mode.ToString().ToLowerInvariant(), role.Role.ToString().ToLowerInvariant(), role.Term,
                false, null, null, role.Since, role.Reason, _hostVersion, level);
            _publisher.Set(_topics.Redundancy, JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await loop(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A publishing loop never takes the node down: logged, and the node runs on without it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            StatusLog.LoopFailed(_logger, e);
        }
    }
}
