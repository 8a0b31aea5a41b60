using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>
/// Knows which node of the pair is active by probing both link servers every <c>healthCheckPeriod</c>
/// (and at once when a forwarded connection breaks). A node is the target only when it says so itself:
/// its link server listens only while it is active, and its role probe answers "active" with the
/// redundancy term. If both claim active (for a moment during a failover), the higher term wins.
/// </summary>
internal sealed class ActiveNodeTracker
{
    private const int InconclusiveLimit = 3;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _probeNow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<PairNode> _targetKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PairNode? _target;
    private long _switches;

    public ActiveNodeTracker(AgentOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        Primary = new PairNode(options.Primary);
        Backup = new PairNode(options.Backup);
    }

    public PairNode Primary { get; }

    public PairNode Backup { get; }

    public PairNode? Target { get { lock (_gate) { return _target; } } }

    public long Switches => Interlocked.Read(ref _switches);

    /// <summary>Raised (old target, new target) when the target changes; connections to the old one must close.</summary>
    public event Action<PairNode?, PairNode?>? TargetChanged;

    public void ProbeNow()
    {
        lock (_gate)
        {
            _probeNow.TrySetResult();
        }
    }

    /// <summary>The active node, waiting up to <paramref name="timeout"/> for one; null if none became active.</summary>
    public async Task<PairNode?> WaitForTargetAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<PairNode> known;
        lock (_gate)
        {
            if (_target is not null)
            {
                return _target;
            }

            known = _targetKnown.Task;
        }

        ProbeNow();
        try
        {
            return await known.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var primary = NodeProbe.ProbeAsync(Primary.Endpoint, _options.HealthCheckTimeout, _time, cancellationToken);
            var backup = NodeProbe.ProbeAsync(Backup.Endpoint, _options.HealthCheckTimeout, _time, cancellationToken);
            try
            {
                Task wake;
                lock (_gate)
                {
                    if (_probeNow.Task.IsCompleted)
                    {
                        _probeNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    wake = _probeNow.Task;
                }

                Decide(await primary, await backup);
                try
                {
                    await wake.WaitAsync(_options.HealthCheckPeriod, _time, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // The next periodic probe.
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Decide(ProbeResult primary, ProbeResult backup)
    {
        var now = _time.GetUtcNow();
        PairNode? old;
        PairNode? chosen;
        lock (_gate)
        {
            Record(Primary, primary, now);
            Record(Backup, backup, now);
            old = _target;
            chosen = Choose(old);
            if (chosen == old)
            {
                return;
            }

            _target = chosen;
            if (chosen is not null)
            {
                _targetKnown.TrySetResult(chosen);
            }
            else if (_targetKnown.Task.IsCompleted)
            {
                _targetKnown = new TaskCompletionSource<PairNode>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _switches++;
        }

        if (chosen is null)
        {
            _logger.NoActiveNode(Primary.Endpoint.ToString(), Describe(Primary.Last), Backup.Endpoint.ToString(), Describe(Backup.Last));
        }
        else
        {
            _logger.TargetChanged(chosen.Endpoint.ToString(), chosen.Last.Node ?? "?", chosen.Last.Term, old?.Endpoint.ToString() ?? "none");
        }

        TargetChanged?.Invoke(old, chosen);
    }

    private PairNode? Choose(PairNode? current)
    {
        var best = (Primary.Last.IsActive, Backup.Last.IsActive) switch
        {
            (true, true) => Backup.Last.Term > Primary.Last.Term ? Backup : Primary,
            (true, false) => Primary,
            (false, true) => Backup,
            _ => null,
        };

        if (current is null)
        {
            return best;
        }

        if (current.Last.IsActive)
        {
            // Keep a healthy target unless the other node is active in a later term.
            return best is not null && best != current && best.Last.Term > current.Last.Term ? best : current;
        }

        if (current.Last.IsDefinitelyInactive || current.Inconclusive >= InconclusiveLimit || best is not null)
        {
            return best;
        }

        return current;
    }

    private static void Record(PairNode node, ProbeResult result, DateTimeOffset now)
    {
        node.LastProbe = now;
        node.Inconclusive = result.IsActive || result.IsDefinitelyInactive ? 0 : node.Inconclusive + 1;
        node.Last = result;
    }

    private static string Describe(ProbeResult result) => result.Detail is null ? result.State : $"{result.State} ({result.Detail})";
}
