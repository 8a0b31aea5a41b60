using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The failover drill (<c>n3host drill</c>): the active primary hands the role to the standby and takes it back, measuring each step.</summary>
internal sealed partial class RoleCoordinator : IRedundancyDrill
{
    private static readonly TimeSpan DrillStepTimeout = TimeSpan.FromSeconds(60);
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _watchers = [];

    /// <summary>Completes with true when this node's role change was acknowledged by the MQTT broker (false or null: the node publishes to none).</summary>
    public Func<CancellationToken, Task<bool>>? MqttPublished { get; init; }

    public async Task<DrillReport> DrillAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        var begin = _time.GetTimestamp();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        string? refusal;
        long term;
        lock (_lock)
        {
            refusal = _options.Mode != RedundancyMode.Primary
                ? $"the drill runs on the primary (this node is {Lower(_options.Mode)}): it hands the active role to the backup and takes it back"
                : FailoverRefusal();
            term = _term;
        }

        if (refusal is not null)
        {
            return new DrillReport(false, refusal, started, _time.GetUtcNow(), figures);
        }

        var failover = await FailoverAsync(cancellationToken).ConfigureAwait(false);
        if (!failover.Accepted)
        {
            return new DrillReport(false, failover.Message, started, _time.GetUtcNow(), figures);
        }

        var step = "the standby's activation";
        try
        {
            await WhenAsync(() => _peer is { Role: NodeRole.Active } p && p.Term > term).WaitAsync(DrillStepTimeout, _time, cancellationToken).ConfigureAwait(false);
            figures["standbyActivation"] = _time.GetElapsedTime(begin).TotalMilliseconds;
            if (MqttPublished is { } published)
            {
                step = "the MQTT broker's acknowledgement";
                if (await published(cancellationToken).WaitAsync(DrillStepTimeout, _time, cancellationToken).ConfigureAwait(false))
                {
                    figures["mqttPublished"] = _time.GetElapsedTime(begin).TotalMilliseconds;
                }
            }

            step = "the hand-back";
            var back = _time.GetTimestamp();
            var failback = await FailbackAsync(cancellationToken).ConfigureAwait(false);
            if (!failback.Accepted)
            {
                return new DrillReport(false, $"the standby took over, but the hand-back was refused: {failback.Message}", started, _time.GetUtcNow(), figures);
            }

            await WhenAsync(() => _role == NodeRole.Active).WaitAsync(DrillStepTimeout, _time, cancellationToken).ConfigureAwait(false);
            figures["handBack"] = _time.GetElapsedTime(back).TotalMilliseconds;
        }
        catch (TimeoutException)
        {
            return new DrillReport(false, $"the drill stopped: {step} did not come within {DrillStepTimeout.TotalSeconds:0} s", started, _time.GetUtcNow(), figures);
        }

        var message = $"the backup was active {figures["standbyActivation"]:0.0} ms after the hand-over and the primary again {figures["handBack"]:0.0} ms after the hand-back";
        Log.CommandAccepted(_logger, "drill", message);
        return new DrillReport(true, message, started, _time.GetUtcNow(), figures);
    }

    private Task WhenAsync(Func<bool> done)
    {
        lock (_lock)
        {
            if (done())
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((done, signal));
            return signal.Task;
        }
    }

    /// <summary>After any change of this node's or the peer's role or term (under the lock).</summary>
    private void NotifyWatchers()
    {
        for (var i = _watchers.Count - 1; i >= 0; i--)
        {
            if (_watchers[i].Done())
            {
                _watchers[i].Signal.TrySetResult();
                _watchers.RemoveAt(i);
            }
        }
    }
}
