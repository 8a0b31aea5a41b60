using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.Contracts;
using N3Host.Supervision;

namespace N3Host.Testing.Harness;

/// <summary>
/// Constructs a module for an in-process test the way the host does (its <c>ModuleContainer</c>): the context's services,
/// the module's own registrations (<see cref="IConfigureServices"/>: its options bound from the context's settings and
/// validated), then the constructor. Bad settings throw <see cref="OptionsValidationException"/> with every failure, each
/// as the host words it (<c>modules.json: instance 'x': setting ...</c>).
/// </summary>
public static class ModuleFactory
{
    /// <summary>The module, constructed from a container built on <paramref name="context"/>.</summary>
    public static TModule Create<TModule>(IModuleContext context)
        where TModule : class, IModule => (TModule)Create(typeof(TModule), context);

    /// <summary>A module of <paramref name="moduleType"/> (one loaded from a plugin's folder), constructed from a container built on <paramref name="context"/>.</summary>
    public static IModule Create(Type moduleType, IModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(moduleType);
        ArgumentNullException.ThrowIfNull(context);
        var services = ModuleContainer.Build(context, moduleType, s =>
        {
            s.AddSingleton(context.Time);
            s.AddSingleton(context.Tags);
            s.AddSingleton(context.RoleGate);
            s.AddSingleton(context.Journals);
            s.AddSingleton(context.Services);
            s.AddSingleton(context.Certificate);
            s.AddSingleton(context.Modules);
        });
        try
        {
            return ModuleContainer.CreateModule(services, moduleType);
        }
        catch (OptionsValidationException e)
        {
            throw ModuleContainer.SettingsError(e, context) ?? e;
        }
    }

    /// <summary>
    /// The <typeparamref name="TOptions"/> an instance of <typeparamref name="TModule"/> gets for <paramref name="context"/>'s
    /// settings, bound and validated as the host does (throws <see cref="OptionsValidationException"/> like <see cref="Create{TModule}"/>).
    /// </summary>
    public static TOptions Options<TModule, TOptions>(IModuleContext context)
        where TModule : class, IModule
        where TOptions : class
    {
        using var services = ModuleContainer.Build(context, typeof(TModule), _ => { });
        return services.GetRequiredService<IOptions<TOptions>>().Value;
    }
}
