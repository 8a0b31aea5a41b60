using N3Host.Contracts;
using N3Host.Plugins;

namespace N3Host.Supervision;

/// <summary>The supervisor's record of one configured instance. Touched only on the supervisor loop.</summary>
internal sealed class ModuleInstance(ModuleDefinition definition, int order)
{
    public ModuleDefinition Definition { get; } = definition;

    public int Order { get; } = order;

    public string Name => Definition.Config.Instance;

    public RoleFollowing Follows => Definition.Follows;

    /// <summary>True when it is enabled and its plugin loaded.</summary>
    public bool Runnable => Definition.Config.Enabled && Definition.ModuleType is not null;

    public ModuleIncarnation? Current { get; set; }

    public long IncarnationCount { get; set; }

    public int ConsecutiveFaults { get; set; }

    /// <summary>When the current run became active (a <see cref="TimeProvider"/> timestamp), or null.</summary>
    public long? ActiveSince { get; set; }

    public ITimer? RestartTimer { get; set; }

    public long RestartToken { get; set; }

    /// <summary>True once a new configuration removed or replaced it: it is never restarted again.</summary>
    public bool Retired { get; set; }
}
