using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Plugins;

namespace N3Host.Supervision;

/// <summary>
/// Runs the module instances. Everything happens on one loop, in order: bring-up (Always instances first, in
/// file order, so a redundancy core decides the role before any ActiveOnly instance runs; then ActiveOnly ones),
/// role changes (start ActiveOnly in file order on active, stop them in reverse order on standby), faults
/// (stop, dispose, restart after an exponential back-off on <see cref="TimeProvider"/>: <see cref="RestartBackoff"/>),
/// reconfiguration and shutdown (reverse order). One instance's steps are <see cref="ModuleLifecycle"/>'s; its
/// container is built by <see cref="ModuleContainer"/>.
/// </summary>
internal sealed class ModuleSupervisor : IAsyncDisposable
{
    private readonly List<ModuleInstance> _instances;
    private readonly NodeRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ModuleLifecycle _lifecycle;
    private readonly Channel<SupervisorCommand> _commands = Channel.CreateUnbounded<SupervisorCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public ModuleSupervisor(IReadOnlyList<ModuleDefinition> definitions, NodeRuntime runtime, SupervisorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _time = runtime.Time;
        _logger = runtime.LoggerFactory.CreateLogger<ModuleSupervisor>();
        _lifecycle = new ModuleLifecycle(runtime, settings, _logger, Post);
        _instances = [.. definitions.Select((d, i) => new ModuleInstance(d, i))];
        var now = _time.GetUtcNow();
        foreach (var instance in _instances)
        {
            var definition = instance.Definition;
            var state = definition.Refusal is null ? ModuleState.Stopped : ModuleState.Refused;
            runtime.ModuleStates.Add(new ModuleStatus(instance.Name, definition.Config.Module, definition.Version, state, definition.Refusal, now));
            if (definition.Refusal is not null)
            {
                SupervisorLog.Refused(_logger, instance.Name, definition.Refusal);
            }
            else if (!definition.Config.Enabled)
            {
                SupervisorLog.Disabled(_logger, instance.Name);
            }
        }

        runtime.RoleGate.Changed += OnRoleChanged;
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>Brings up every instance; returns when each is active, standby or faulted.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => PostAndWaitAsync(SupervisorCommandKind.Start, cancellationToken);

    /// <summary>Stops every instance in reverse order and ends the loop.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_commands.Writer.TryWrite(new SupervisorCommand(SupervisorCommandKind.Stop, Done: NewDone(out var done))))
        {
            await done.Task.WaitAsync(cancellationToken);
        }

        _commands.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Applies a new list of instances: removed ones are stopped and disposed (in reverse order), changed ones stopped and
    /// brought up again with their new configuration, new ones brought up (Always first, then ActiveOnly, in file order);
    /// unchanged ones keep running untouched. <paramref name="change"/> receives what was done.
    /// </summary>
    public async Task ReconfigureAsync(Reconfiguration change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!_commands.Writer.TryWrite(new SupervisorCommand(SupervisorCommandKind.Reconfigure, Done: NewDone(out var done), Change: change)))
        {
            throw new InvalidOperationException("the supervisor has stopped");
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when every command posted before it has been handled.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => PostAndWaitAsync(SupervisorCommandKind.Drain, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _runtime.RoleGate.Changed -= OnRoleChanged;
        if (!_loop.IsCompleted)
        {
            await StopAsync(CancellationToken.None);
        }
    }

    private static TaskCompletionSource NewDone(out TaskCompletionSource done)
    {
        done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return done;
    }

    private async Task PostAndWaitAsync(SupervisorCommandKind kind, CancellationToken cancellationToken)
    {
        if (!_commands.Writer.TryWrite(new SupervisorCommand(kind, Done: NewDone(out var done))))
        {
            throw new InvalidOperationException("the supervisor has stopped");
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    private void Post(SupervisorCommand command) => _commands.Writer.TryWrite(command);

    private void OnRoleChanged(object? sender, RoleState state)
    {
        SupervisorLog.RoleChanged(_logger, state.Mode.ToString(), state.Role.ToString(), state.Term, state.Reason);
        Post(new SupervisorCommand(SupervisorCommandKind.RoleChanged));
    }

    private async Task RunLoopAsync()
    {
        await foreach (var command in _commands.Reader.ReadAllAsync())
        {
            try
            {
                await HandleAsync(command);
                command.Done?.TrySetResult();
            }
#pragma warning disable CA1031 // The loop outlives any single command's failure: the node keeps running.
            catch (Exception e)
#pragma warning restore CA1031
            {
                SupervisorLog.LoopError(_logger, command.Kind.ToString(), e);
                command.Done?.TrySetException(e);
            }
        }
    }

    private Task HandleAsync(SupervisorCommand command) => command.Kind switch
    {
        SupervisorCommandKind.Start => BringUpAsync(_instances),
        SupervisorCommandKind.RoleChanged => FollowRoleAsync(),
        SupervisorCommandKind.Fault => _lifecycle.OnFaultReportedAsync(command.Instance!, command.Token, command.Error!),
        SupervisorCommandKind.Degraded => _lifecycle.OnDegradedReportedAsync(command.Instance!, command.Token, command.Condition),
        SupervisorCommandKind.RestartDue => _lifecycle.RestartAsync(command.Instance!, command.Token),
        SupervisorCommandKind.Stop => StopAllAsync(),
        SupervisorCommandKind.Reconfigure => ApplyAsync(command.Change!),
        _ => Task.CompletedTask,
    };

    /// <summary>Brings up the runnable ones of <paramref name="instances"/>: Always first, then ActiveOnly, each in file order.</summary>
    private async Task BringUpAsync(IReadOnlyList<ModuleInstance> instances)
    {
        foreach (var instance in instances.Where(i => i.Runnable && i.Follows == RoleFollowing.Always).ToList())
        {
            await _lifecycle.BringUpAsync(instance);
        }

        foreach (var instance in instances.Where(i => i.Runnable && i.Follows == RoleFollowing.ActiveOnly).ToList())
        {
            await _lifecycle.BringUpAsync(instance);
        }
    }

    private async Task FollowRoleAsync()
    {
        if (_lifecycle.ShuttingDown)
        {
            return;
        }

        if (_runtime.RoleGate.Current.IsActive)
        {
            foreach (var instance in _instances.Where(i => i.Follows == RoleFollowing.ActiveOnly && i.Current is { Started: false }).ToList())
            {
                await _lifecycle.StartAsync(instance);
            }
        }
        else
        {
            for (var i = _instances.Count - 1; i >= 0; i--)
            {
                var instance = _instances[i];
                if (instance.Follows == RoleFollowing.ActiveOnly && instance.Current is { Started: true })
                {
                    await _lifecycle.StopAsync(instance, ModuleState.Standby);
                }
            }
        }
    }

    private async Task ApplyAsync(Reconfiguration change)
    {
        if (_lifecycle.ShuttingDown)
        {
            return;
        }

        var before = _instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var after = change.Definitions.ToDictionary(d => d.Config.Instance, StringComparer.Ordinal);
        for (var i = _instances.Count - 1; i >= 0; i--)
        {
            var instance = _instances[i];
            if (!after.TryGetValue(instance.Name, out var next))
            {
                await _lifecycle.RetireAsync(instance);
                _runtime.ModuleStates.Remove(instance.Name);
                change.Removed.Add(instance.Name);
                SupervisorLog.Removed(_logger, instance.Name);
            }
            else if (Reconfiguration.Differs(instance.Definition, next))
            {
                await _lifecycle.RetireAsync(instance);
                change.Restarted.Add(instance.Name);
            }
        }

        change.Removed.Reverse();
        change.Restarted.Reverse();
        var fresh = new List<ModuleInstance>();
        var list = new List<ModuleInstance>();
        var now = _time.GetUtcNow();
        for (var i = 0; i < change.Definitions.Count; i++)
        {
            var definition = change.Definitions[i];
            if (before.TryGetValue(definition.Config.Instance, out var old) && !old.Retired)
            {
                list.Add(old);
                continue;
            }

            var instance = new ModuleInstance(definition, i);
            var status = new ModuleStatus(instance.Name, definition.Config.Module, definition.Version,
                definition.Refusal is null ? ModuleState.Stopped : ModuleState.Refused, definition.Refusal, now);
            if (old is null)
            {
                _runtime.ModuleStates.Add(status);
                change.Added.Add(instance.Name);
            }
            else
            {
                _runtime.ModuleStates.Replace(status);
            }

            list.Add(instance);
            fresh.Add(instance);
        }

        _instances.Clear();
        _instances.AddRange(list);
        _runtime.ModuleStates.Order([.. list.Select(i => i.Name)]);
        foreach (var instance in fresh.Where(i => i.Definition.Refusal is not null))
        {
            SupervisorLog.Refused(_logger, instance.Name, instance.Definition.Refusal!);
        }

        await BringUpAsync(fresh);
        SupervisorLog.Reconfigured(_logger, change.Added.Count, change.Restarted.Count, change.Removed.Count, _instances.Count - fresh.Count);
    }

    private async Task StopAllAsync()
    {
        _lifecycle.ShuttingDown = true;
        _runtime.RoleGate.Changed -= OnRoleChanged;
        foreach (var instance in _instances)
        {
            RestartBackoff.Cancel(instance, invalidate: false);
        }

        for (var i = _instances.Count - 1; i >= 0; i--)
        {
            var instance = _instances[i];
            var incarnation = instance.Current;
            if (incarnation is null)
            {
                if (_runtime.ModuleStates.Get(instance.Name).State == ModuleState.Faulted)
                {
                    _lifecycle.SetState(instance, ModuleState.Stopped);
                }

                continue;
            }

            if (incarnation.Started)
            {
                await _lifecycle.StopAsync(instance, ModuleState.Stopped);
            }
            else
            {
                _lifecycle.SetState(instance, ModuleState.Stopped);
            }

            await _lifecycle.DisposeRemainingAsync(instance);
        }
    }
}
