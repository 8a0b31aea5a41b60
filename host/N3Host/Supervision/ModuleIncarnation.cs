using Microsoft.Extensions.DependencyInjection;
using N3Host.Contracts;
using N3Host.Tags;

namespace N3Host.Supervision;

/// <summary>One constructed module object with its container, context and tag subscriptions; ends on a fault or at shutdown.</summary>
internal sealed class ModuleIncarnation(long id, IModule module, ServiceProvider services, ModuleContext context, ModuleTagBus tags)
{
    public long Id { get; } = id;

    public IModule Module { get; } = module;

    public ServiceProvider Services { get; } = services;

    public ModuleContext Context { get; } = context;

    public ModuleTagBus Tags { get; } = tags;

    /// <summary>True between a successful StartAsync and the next StopAsync.</summary>
    public bool Started { get; set; }

    /// <summary>The degraded condition the running instance reported, or null.</summary>
    public string? Condition { get; set; }
}
