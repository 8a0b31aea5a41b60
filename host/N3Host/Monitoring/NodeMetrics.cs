using System.Diagnostics.Metrics;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Roles;

namespace N3Host.Monitoring;

/// <summary>
/// The node's own metrics (docs/monitoring.md), whatever modules it runs: who it is, its role and term, how often it took the
/// active role, and each instance's state and restarts. Values are read at each scrape; the two totals are counted from the role
/// gate's and the module states' changes. Each series has a fixed set of labels, so no series goes stale with an old value.
/// </summary>
internal sealed class NodeMetrics : IDisposable
{
    /// <summary>The host's meter; the modules' are <c>N3Host.&lt;Module&gt;</c>.</summary>
    public const string MeterName = "N3Host";

    private static readonly ModuleState[] States = Enum.GetValues<ModuleState>();
    private static readonly RedundancyMode[] Modes = Enum.GetValues<RedundancyMode>();

    private readonly Meter _meter = new(MeterName);
    private readonly RoleGate _gate;
    private readonly ModuleStates _modules;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _restarts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleState> _lastState = new(StringComparer.Ordinal);
    private NodeRole _lastRole;
    private long _lastTerm;
    private long _failovers;

    public NodeMetrics(NodeInfo node, string hostVersion, RoleGate gate, ModuleStates modules)
    {
        _gate = gate;
        _modules = modules;
        _lastRole = gate.Current.Role;
        _lastTerm = gate.Current.Term;
        gate.Changed += OnRoleChanged;
        modules.Changed += OnModuleChanged;

        _meter.CreateObservableGauge("n3host.node.info", () => new Measurement<int>(1, [new("node", node.Name), new("version", hostVersion)]),
            description: "Always 1: the node's name and host version");
        _meter.CreateObservableGauge("n3host.role.active", () => _gate.Current.IsActive ? 1 : 0, description: "1 while this node is active, 0 while standby");
        _meter.CreateObservableGauge("n3host.role.mode", ObserveMode, description: "1 for the node's redundancy mode, 0 for the others");
        _meter.CreateObservableGauge("n3host.role.term", () => _gate.Current.Term, description: "The pair's term: it increases at every change of the active node");
        _meter.CreateObservableCounter("n3host.failovers", () => Interlocked.Read(ref _failovers), "{failover}",
            "Times this node went from standby to active in a pair that had an active node (a failover, a failback, a drill's hand-over)");
        _meter.CreateObservableGauge("n3host.module.state", ObserveStates, description: "1 for each instance's current state, 0 for the others");
        _meter.CreateObservableCounter("n3host.module.restarts", ObserveRestarts, "{restart}", "Restarts of the instance after a fault");
    }

    public void Dispose()
    {
        _gate.Changed -= OnRoleChanged;
        _modules.Changed -= OnModuleChanged;
        _meter.Dispose();
    }

    private void OnRoleChanged(object? sender, RoleState state)
    {
        lock (_lock)
        {
            // A take-over: standby in a pair that had an active node (term above 0), then active. A new pair's first active
            // node (term 0 until then) is not one.
            if (_lastRole == NodeRole.Standby && _lastTerm > 0 && state.Role == NodeRole.Active)
            {
                _failovers++;
            }

            _lastRole = state.Role;
            _lastTerm = state.Term;
        }
    }

    private void OnModuleChanged(object? sender, ModuleStatus status)
    {
        lock (_lock)
        {
            if (_lastState.TryGetValue(status.Instance, out var last) && last == ModuleState.Faulted && status.State == ModuleState.Starting)
            {
                _restarts[status.Instance] = _restarts.GetValueOrDefault(status.Instance) + 1;
            }

            _lastState[status.Instance] = status.State;
        }
    }

    private IEnumerable<Measurement<int>> ObserveMode()
    {
        var mode = _gate.Current.Mode;
        return Modes.Select(m => new Measurement<int>(m == mode ? 1 : 0, [new("mode", Name(m))]));
    }

    private IEnumerable<Measurement<int>> ObserveStates() =>
        _modules.Current.SelectMany(instance => States.Select(state => new Measurement<int>(
            instance.State == state ? 1 : 0, [new("name", instance.Instance), new("module", instance.Module), new("state", Name(state))])));

    private List<Measurement<long>> ObserveRestarts()
    {
        var instances = _modules.Current;
        lock (_lock)
        {
            return [.. instances.Select(i => new Measurement<long>(_restarts.GetValueOrDefault(i.Instance), [new("name", i.Instance), new("module", i.Module)]))];
        }
    }

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
