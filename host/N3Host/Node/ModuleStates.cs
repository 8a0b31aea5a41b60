using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;

namespace N3Host.Node;

/// <summary>Every instance's lifecycle state, in modules.json order; the last error stays until a newer one replaces it.</summary>
internal sealed partial class ModuleStates(ILogger? logger = null) : IModuleStates
{
    private readonly Lock _lock = new();
    private readonly List<ModuleStatus> _states = [];
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public event EventHandler<ModuleStatus>? Changed;

    public IReadOnlyList<ModuleStatus> Current
    {
        get
        {
            lock (_lock)
            {
                return [.. _states];
            }
        }
    }

    public void Add(ModuleStatus status)
    {
        lock (_lock)
        {
            _states.Add(status);
        }
    }

    /// <summary>Removes an instance that is no longer configured.</summary>
    public void Remove(string instance)
    {
        lock (_lock)
        {
            _states.RemoveAll(s => s.Instance == instance);
        }
    }

    /// <summary>Replaces an instance's entry (same name, new module or version after a configuration change) and tells the handlers.</summary>
    public void Replace(ModuleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_lock)
        {
            var index = _states.FindIndex(s => s.Instance == status.Instance);
            if (index >= 0)
            {
                _states[index] = status;
            }
            else
            {
                _states.Add(status);
            }
        }

        Notify(status);
    }

    /// <summary>Puts the entries in the given order (modules.json order after a configuration change).</summary>
    public void Order(IReadOnlyList<string> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        lock (_lock)
        {
            var position = instances.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            var ordered = _states.OrderBy(s => position.TryGetValue(s.Instance, out var i) ? i : int.MaxValue).ToList();
            _states.Clear();
            _states.AddRange(ordered);
        }
    }

    public ModuleStatus Get(string instance)
    {
        lock (_lock)
        {
            return _states.First(s => s.Instance == instance);
        }
    }

    /// <summary>Sets an instance's state and tells the handlers; <paramref name="error"/> null keeps the last error. Setting the same state again without an error changes nothing.</summary>
    public ModuleStatus Set(string instance, ModuleState state, string? error, DateTimeOffset now)
    {
        ModuleStatus updated;
        lock (_lock)
        {
            var index = _states.FindIndex(s => s.Instance == instance);
            var old = _states[index];
            if (old.State == state && error is null)
            {
                return old;
            }

            updated = old with { State = state, LastError = error ?? old.LastError, Since = now };
            _states[index] = updated;
        }

        Notify(updated);
        return updated;
    }

    private void Notify(ModuleStatus status)
    {
        if (Changed is not { } handlers)
        {
            return;
        }

        // A module's handler that throws must not break the supervisor, nor keep the others from hearing of the change.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ModuleStatus>>())
        {
            try
            {
                handler(this, status);
            }
#pragma warning disable CA1031 // Whatever a module's handler throws is logged, never raised into the supervisor.
            catch (Exception e)
#pragma warning restore CA1031
            {
                HandlerFailed(_logger, status.Instance, e);
            }
        }
    }

    [LoggerMessage(EventId = 120, EventName = "ModuleStateHandlerFailed", Level = LogLevel.Error,
        Message = "A handler of IModuleStates.Changed threw while {Instance} changed state; handlers must not throw")]
    private static partial void HandlerFailed(ILogger logger, string instance, Exception error);
}
