using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Node;
using N3Host.Tags;

namespace N3Host.Supervision;

/// <summary>
/// One instance's way through its states, on the supervisor loop: brought up (container, module, start or standby),
/// started and stopped as the role says, faulted (stopped, disposed, restarted after the back-off), retired.
/// </summary>
internal sealed class ModuleLifecycle
{
    private readonly NodeRuntime _runtime;
    private readonly SupervisorSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<SupervisorCommand> _post;
    private readonly RestartBackoff _backoff;

    public ModuleLifecycle(NodeRuntime runtime, SupervisorSettings settings, ILogger logger, Action<SupervisorCommand> post)
    {
        _runtime = runtime;
        _settings = settings;
        _time = runtime.Time;
        _logger = logger;
        _post = post;
        _backoff = new RestartBackoff(settings, _time, (instance, token) => post(new SupervisorCommand(SupervisorCommandKind.RestartDue, instance, token)));
    }

    /// <summary>True once the node shuts down: nothing is restarted any more.</summary>
    public bool ShuttingDown { get; set; }

    private bool NodeIsActive => _runtime.RoleGate.Current.IsActive;

    public async Task BringUpAsync(ModuleInstance instance)
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
            await FaultAsync(instance, e is OptionsValidationException ? "settings" : "constructor", e);
            return;
        }

        if (instance.Follows == RoleFollowing.Always || NodeIsActive)
        {
            await StartAsync(instance);
        }
        else
        {
            SetState(instance, ModuleState.Standby);
            SupervisorLog.Standby(_logger, instance.Name, _runtime.RoleGate.Current.Role.ToString());
        }
    }

    public async Task StartAsync(ModuleInstance instance)
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

    public async Task StopAsync(ModuleInstance instance, ModuleState after)
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

    public async Task OnFaultReportedAsync(ModuleInstance instance, long incarnation, Exception error)
    {
        if (instance.Current?.Id == incarnation)
        {
            await FaultAsync(instance, "running", error);
        }
    }

    public Task OnDegradedReportedAsync(ModuleInstance instance, long incarnation, string? condition)
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

    public async Task RestartAsync(ModuleInstance instance, long token)
    {
        if (ShuttingDown || instance.Retired || instance.Current is not null || !RestartBackoff.TakeDue(instance, token))
        {
            return;
        }

        await BringUpAsync(instance);
    }

    /// <summary>Takes an instance out for good (a new configuration removed or replaced it): no restart, stopped, disposed.</summary>
    public async Task RetireAsync(ModuleInstance instance)
    {
        instance.Retired = true;
        RestartBackoff.Cancel(instance);
        if (instance.Current is { Started: true })
        {
            await StopAsync(instance, ModuleState.Stopped);
        }

        await DisposeRemainingAsync(instance);
        SetState(instance, ModuleState.Stopped);
    }

    /// <summary>Disposes the instance's incarnation if one is left (after a stop, or one never started).</summary>
    public async Task DisposeRemainingAsync(ModuleInstance instance)
    {
        if (instance.Current is { } remaining)
        {
            instance.Current = null;
            await DisposeAsync(instance, remaining);
        }
    }

    public void SetState(ModuleInstance instance, ModuleState state, string? error = null) =>
        _runtime.ModuleStates.Set(instance.Name, state, error, _time.GetUtcNow());

    private async Task FaultAsync(ModuleInstance instance, string phase, Exception error)
    {
        var cause = error is ModuleConstructorException ctor ? ctor.InnerException! : error;
        if (cause is OptionsValidationException && instance.Current?.Context is { } context)
        {
            cause = ModuleContainer.SettingsError(cause, context) ?? cause;
        }

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

            await DisposeAsync(instance, incarnation);
        }

        SetState(instance, ModuleState.Faulted, reason);
        if (!ShuttingDown && !instance.Retired)
        {
            var delay = _backoff.Schedule(instance);
            SupervisorLog.RestartScheduled(_logger, instance.Name, (long)delay.TotalMilliseconds, instance.ConsecutiveFaults);
        }
    }

    private ModuleIncarnation CreateIncarnation(ModuleInstance instance)
    {
        var definition = instance.Definition;
        var id = ++instance.IncarnationCount;
        var tags = new ModuleTagBus(_runtime.Tags, instance.Name, instance.Follows == RoleFollowing.ActiveOnly ? _runtime.RoleGate.MayPublish : null);
        var context = new ModuleContext(_runtime, definition.Manifest!, instance.Name, definition.Config.Settings, tags,
            error => _post(new SupervisorCommand(SupervisorCommandKind.Fault, instance, id, error)),
            condition => _post(new SupervisorCommand(SupervisorCommandKind.Degraded, instance, id, Condition: condition)));
        Directory.CreateDirectory(context.DataDirectory);
        ServiceProvider? services = null;
        try
        {
            services = ModuleContainer.Build(context, definition.ModuleType!, s => AddNodeServices(s, tags));
            var module = ModuleContainer.CreateModule(services, definition.ModuleType!);
            return new ModuleIncarnation(id, module, services, context, tags);
        }
        catch (OptionsValidationException e)
        {
            Release(tags, context, services);
            throw ModuleContainer.SettingsError(e, context) ?? e;
        }
        catch (Exception e)
        {
            Release(tags, context, services);
            throw e as ModuleConstructorException ?? new ModuleConstructorException(e);
        }
    }

    private static void Release(ModuleTagBus tags, ModuleContext context, ServiceProvider? services)
    {
        tags.Dispose();
        context.ReleaseRoleControl();
        services?.Dispose();
    }

    private void AddNodeServices(IServiceCollection services, ITagBus tags)
    {
        services.AddSingleton(_runtime.LoggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(_time);
        services.AddSingleton(tags);
        services.AddSingleton<IRoleGate>(_runtime.RoleGate);
        services.AddSingleton<IJournalRegistry>(_runtime.Journals);
        services.AddSingleton<INodeServices>(_runtime.Services);
        services.AddSingleton(_runtime.Certificate);
        services.AddSingleton<IModuleStates>(_runtime.ModuleStates);
    }

    private async Task DisposeAsync(ModuleInstance instance, ModuleIncarnation incarnation)
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

    private TimeoutException TimedOut(string phase, Exception inner) =>
        new($"{phase} did not finish within {(long)_settings.ModuleTimeout.TotalMilliseconds} ms (supervisor.moduleTimeoutMs)", inner);
}
