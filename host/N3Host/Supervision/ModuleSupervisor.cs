using System.Reflection;
using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Plugins;
using N3Host.Tags;

namespace N3Host.Supervision;

/// <summary>
/// Runs the module instances. Everything happens on one loop, in order: bring-up (Always instances first, in
/// file order, so a redundancy core decides the role before any ActiveOnly instance runs; then ActiveOnly ones),
/// role changes (start ActiveOnly in file order on active, stop them in reverse order on standby), faults
/// (stop, dispose, restart after an exponential back-off on <see cref="TimeProvider"/>) and shutdown (reverse order).
/// </summary>
internal sealed class ModuleSupervisor : IAsyncDisposable
{
    private readonly List<ModuleInstance> _instances;
    private readonly NodeRuntime _runtime;
    private readonly SupervisorSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<SupervisorCommand> _commands = Channel.CreateUnbounded<SupervisorCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private bool _shuttingDown;

    public ModuleSupervisor(IReadOnlyList<ModuleDefinition> definitions, NodeRuntime runtime, SupervisorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _settings = settings;
        _time = runtime.Time;
        _logger = runtime.LoggerFactory.CreateLogger<ModuleSupervisor>();
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
        SupervisorCommandKind.Start => BringUpAllAsync(),
        SupervisorCommandKind.RoleChanged => FollowRoleAsync(),
        SupervisorCommandKind.Fault => OnFaultReportedAsync(command.Instance!, command.Token, command.Error!),
        SupervisorCommandKind.Degraded => OnDegradedReportedAsync(command.Instance!, command.Token, command.Condition),
        SupervisorCommandKind.RestartDue => RestartAsync(command.Instance!, command.Token),
        SupervisorCommandKind.Stop => StopAllAsync(),
        SupervisorCommandKind.Reconfigure => ApplyAsync(command.Change!),
        _ => Task.CompletedTask,
    };

    private bool NodeIsActive => _runtime.RoleGate.Current.IsActive;

    private bool ShouldRun(ModuleInstance instance) => instance.Follows == RoleFollowing.Always || NodeIsActive;

    private async Task BringUpAllAsync()
    {
        foreach (var instance in _instances.Where(i => i.Runnable && i.Follows == RoleFollowing.Always))
        {
            await BringUpAsync(instance);
        }

        foreach (var instance in _instances.Where(i => i.Runnable && i.Follows == RoleFollowing.ActiveOnly))
        {
            await BringUpAsync(instance);
        }
    }

    private async Task FollowRoleAsync()
    {
        if (_shuttingDown)
        {
            return;
        }

        if (NodeIsActive)
        {
            foreach (var instance in _instances.Where(i => i.Follows == RoleFollowing.ActiveOnly && i.Current is { Started: false }))
            {
                await StartIncarnationAsync(instance);
            }
        }
        else
        {
            for (var i = _instances.Count - 1; i >= 0; i--)
            {
                var instance = _instances[i];
                if (instance.Follows == RoleFollowing.ActiveOnly && instance.Current is { Started: true })
                {
                    await StopIncarnationAsync(instance, ModuleState.Standby);
                }
            }
        }
    }

    private async Task BringUpAsync(ModuleInstance instance)
    {
        var manifest = instance.Definition.Manifest!;
        SupervisorLog.Starting(_logger, instance.Name, manifest.Name, instance.Definition.Version ?? "?", manifest.Follows.ToString());
        SetState(instance, ModuleState.Starting);
        try
        {
            instance.Current = CreateIncarnation(instance);
        }
#pragma warning disable CA1031 // A module's constructor may throw anything; it faults the module, never the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await FaultAsync(instance, "constructor", e);
            return;
        }

        if (ShouldRun(instance))
        {
            await StartIncarnationAsync(instance);
        }
        else
        {
            SetState(instance, ModuleState.Standby);
            SupervisorLog.Standby(_logger, instance.Name, _runtime.RoleGate.Current.Role.ToString());
        }
    }

    private ModuleIncarnation CreateIncarnation(ModuleInstance instance)
    {
        var definition = instance.Definition;
        var id = ++instance.IncarnationCount;
        var tags = new ModuleTagBus(_runtime.Tags, instance.Name, instance.Follows == RoleFollowing.ActiveOnly ? _runtime.RoleGate.MayPublish : null);
        var context = new ModuleContext(_runtime, definition.Manifest!, instance.Name, definition.Config.Settings, tags,
            error => Post(new SupervisorCommand(SupervisorCommandKind.Fault, instance, id, error)),
            condition => Post(new SupervisorCommand(SupervisorCommandKind.Degraded, instance, id, Condition: condition)));
        Directory.CreateDirectory(context.DataDirectory);
        var services = BuildServices(context, tags, definition.Config.Settings);
        try
        {
            var module = (IModule)ActivatorUtilities.CreateInstance(services, definition.ModuleType!);
            return new ModuleIncarnation(id, module, services, context, tags);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            tags.Dispose();
            context.ReleaseRoleControl();
            services.Dispose();
            throw new ModuleConstructorException(e.InnerException);
        }
        catch
        {
            tags.Dispose();
            context.ReleaseRoleControl();
            services.Dispose();
            throw;
        }
    }

    private ServiceProvider BuildServices(ModuleContext context, ITagBus tags, IConfiguration settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton(_runtime.LoggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(_time);
        services.AddSingleton(tags);
        services.AddSingleton<IRoleGate>(_runtime.RoleGate);
        services.AddSingleton<IJournalRegistry>(_runtime.Journals);
        services.AddSingleton<INodeServices>(_runtime.Services);
        services.AddSingleton(_runtime.Certificate);
        services.AddSingleton<IModuleStates>(_runtime.ModuleStates);
        services.AddSingleton<IModuleContext>(context);
        services.AddSingleton(settings);
        services.AddSingleton(context.Manifest);
        services.AddSingleton(_runtime.Node);
        return services.BuildServiceProvider();
    }

    private async Task StartIncarnationAsync(ModuleInstance instance)
    {
        var incarnation = instance.Current!;
        SetState(instance, ModuleState.Starting);
        try
        {
            using var timeout = new CancellationTokenSource(_settings.ModuleTimeout, _time);
            await incarnation.Module.StartAsync(incarnation.Context, timeout.Token).WaitAsync(_settings.ModuleTimeout, _time);
        }
#pragma warning disable CA1031 // A module's start may throw anything; it faults the module, never the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            incarnation.Started = true;
            await FaultAsync(instance, "start", e is TimeoutException ? TimedOut("start", e) : e);
            return;
        }

        incarnation.Started = true;
        instance.ActiveSince = _time.GetTimestamp();
        SetState(instance, ModuleState.Active);
        SupervisorLog.Active(_logger, instance.Name);
    }

    private async Task StopIncarnationAsync(ModuleInstance instance, ModuleState after)
    {
        var incarnation = instance.Current!;
        SetState(instance, ModuleState.Stopping);
        incarnation.Started = false;
        incarnation.Condition = null;
        try
        {
            using var timeout = new CancellationTokenSource(_settings.ModuleTimeout, _time);
            await incarnation.Module.StopAsync(timeout.Token).WaitAsync(_settings.ModuleTimeout, _time);
        }
#pragma warning disable CA1031 // A module's stop may throw anything; it faults the module, never the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await FaultAsync(instance, "stop", e is TimeoutException ? TimedOut("stop", e) : e);
            return;
        }

        instance.ConsecutiveFaults = 0;
        instance.ActiveSince = null;
        SetState(instance, after);
        if (after == ModuleState.Standby)
        {
            SupervisorLog.Standby(_logger, instance.Name, _runtime.RoleGate.Current.Role.ToString());
        }
        else
        {
            SupervisorLog.Stopped(_logger, instance.Name);
        }
    }

    private async Task OnFaultReportedAsync(ModuleInstance instance, long incarnation, Exception error)
    {
        if (instance.Current?.Id != incarnation)
        {
            return;
        }

        await FaultAsync(instance, "running", error);
    }

    private Task OnDegradedReportedAsync(ModuleInstance instance, long incarnation, string? condition)
    {
        if (instance.Current is not { } current || current.Id != incarnation || current.Condition == condition)
        {
            return Task.CompletedTask;
        }

        current.Condition = condition;
        if (!current.Started)
        {
            return Task.CompletedTask;
        }

        if (condition is not null)
        {
            SetState(instance, ModuleState.Degraded, condition);
            SupervisorLog.Degraded(_logger, instance.Name, condition);
        }
        else if (_runtime.ModuleStates.Get(instance.Name).State == ModuleState.Degraded)
        {
            SetState(instance, ModuleState.Active);
            SupervisorLog.Recovered(_logger, instance.Name);
        }

        return Task.CompletedTask;
    }

    private async Task FaultAsync(ModuleInstance instance, string phase, Exception error)
    {
        var cause = error is ModuleConstructorException ctor ? ctor.InnerException! : error;
        var reason = $"{phase}: {cause.GetType().Name}: {cause.Message}";
        SupervisorLog.Faulted(_logger, instance.Name, reason, cause);
        var incarnation = instance.Current;
        instance.Current = null;
        if (incarnation is not null)
        {
            // What its durable subscriptions miss until the restart is counted, and handed to the next incarnation.
            incarnation.Tags.CountMissedWhenClosed();
            if (incarnation.Started && phase != "stop")
            {
                try
                {
                    await incarnation.Module.StopAsync(CancellationToken.None).WaitAsync(_settings.ModuleTimeout, _time);
                }
#pragma warning disable CA1031 // Cleaning up a faulted module: its errors are logged, not raised.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    SupervisorLog.CleanupFailed(_logger, instance.Name, e.Message);
                }
            }

            await DisposeIncarnationAsync(instance, incarnation);
        }

        SetState(instance, ModuleState.Faulted, reason);
        ScheduleRestart(instance);
    }

    private void ScheduleRestart(ModuleInstance instance)
    {
        if (_shuttingDown || instance.Retired)
        {
            return;
        }

        if (instance.ActiveSince is { } since && _time.GetElapsedTime(since) >= _settings.MaxRestartBackoff)
        {
            instance.ConsecutiveFaults = 0;
        }

        instance.ActiveSince = null;
        instance.ConsecutiveFaults++;
        var delay = RestartDelay(_settings, instance.ConsecutiveFaults);
        var token = ++instance.RestartToken;
        instance.RestartTimer?.Dispose();
        instance.RestartTimer = _time.CreateTimer(
            _ => Post(new SupervisorCommand(SupervisorCommandKind.RestartDue, instance, token)), null, delay, Timeout.InfiniteTimeSpan);
        SupervisorLog.RestartScheduled(_logger, instance.Name, (long)delay.TotalMilliseconds, instance.ConsecutiveFaults);
    }

    /// <summary>The wait before restart number <paramref name="faultsInARow"/>: the first back-off, doubled per fault in a row, at most the maximum.</summary>
    public static TimeSpan RestartDelay(SupervisorSettings settings, int faultsInARow)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var factor = Math.Pow(2, Math.Min(faultsInARow - 1, 40));
        var ms = Math.Min(settings.RestartBackoff.TotalMilliseconds * factor, settings.MaxRestartBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }

    private async Task RestartAsync(ModuleInstance instance, long token)
    {
        if (_shuttingDown || instance.Retired || token != instance.RestartToken || instance.Current is not null)
        {
            return;
        }

        instance.RestartTimer?.Dispose();
        instance.RestartTimer = null;
        await BringUpAsync(instance);
    }

    private async Task ApplyAsync(Reconfiguration change)
    {
        if (_shuttingDown)
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
                await RetireAsync(instance);
                _runtime.ModuleStates.Remove(instance.Name);
                change.Removed.Add(instance.Name);
                SupervisorLog.Removed(_logger, instance.Name);
            }
            else if (Reconfiguration.Differs(instance.Definition, next))
            {
                await RetireAsync(instance);
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

        foreach (var instance in fresh.Where(i => i.Runnable && i.Follows == RoleFollowing.Always))
        {
            await BringUpAsync(instance);
        }

        foreach (var instance in fresh.Where(i => i.Runnable && i.Follows == RoleFollowing.ActiveOnly))
        {
            await BringUpAsync(instance);
        }

        SupervisorLog.Reconfigured(_logger, change.Added.Count, change.Restarted.Count, change.Removed.Count, _instances.Count - fresh.Count);
    }

    /// <summary>Takes an instance out for good (a new configuration removed or replaced it): no restart, stopped, disposed.</summary>
    private async Task RetireAsync(ModuleInstance instance)
    {
        instance.Retired = true;
        instance.RestartToken++;
        instance.RestartTimer?.Dispose();
        instance.RestartTimer = null;
        if (instance.Current is { Started: true })
        {
            await StopIncarnationAsync(instance, ModuleState.Stopped);
        }

        if (instance.Current is { } remaining)
        {
            instance.Current = null;
            await DisposeIncarnationAsync(instance, remaining);
        }

        SetState(instance, ModuleState.Stopped);
    }

    private async Task StopAllAsync()
    {
        _shuttingDown = true;
        _runtime.RoleGate.Changed -= OnRoleChanged;
        foreach (var instance in _instances)
        {
            instance.RestartTimer?.Dispose();
            instance.RestartTimer = null;
        }

        for (var i = _instances.Count - 1; i >= 0; i--)
        {
            var instance = _instances[i];
            var incarnation = instance.Current;
            if (incarnation is null)
            {
                if (_runtime.ModuleStates.Get(instance.Name).State == ModuleState.Faulted)
                {
                    SetState(instance, ModuleState.Stopped);
                }

                continue;
            }

            if (incarnation.Started)
            {
                await StopIncarnationAsync(instance, ModuleState.Stopped);
            }
            else
            {
                SetState(instance, ModuleState.Stopped);
            }

            if (instance.Current is { } remaining)
            {
                instance.Current = null;
                await DisposeIncarnationAsync(instance, remaining);
            }
        }
    }

    private async Task DisposeIncarnationAsync(ModuleInstance instance, ModuleIncarnation incarnation)
    {
        incarnation.Tags.Dispose();
        incarnation.Context.ReleaseRoleControl();
        try
        {
            switch (incarnation.Module)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }

            await incarnation.Services.DisposeAsync();
        }
#pragma warning disable CA1031 // A module's dispose may throw anything; it is logged, never raised.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SupervisorLog.CleanupFailed(_logger, instance.Name, e.Message);
        }
    }

    private void SetState(ModuleInstance instance, ModuleState state, string? error = null) =>
        _runtime.ModuleStates.Set(instance.Name, state, error, _time.GetUtcNow());

    private TimeoutException TimedOut(string phase, Exception inner) =>
        new($"{phase} did not finish within {(long)_settings.ModuleTimeout.TotalMilliseconds} ms (supervisor.moduleTimeoutMs)", inner);
}
