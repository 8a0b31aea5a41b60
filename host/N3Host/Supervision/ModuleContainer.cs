using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.Contracts;

namespace N3Host.Supervision;

/// <summary>
/// Builds one module instance's container and its module: the host's shared services, the instance's context and
/// settings, then the module's own services (<see cref="IConfigureServices"/>), validated before the module is
/// constructed so that every bad setting of the instance is reported at once, in one wording.
/// </summary>
internal static class ModuleContainer
{
    /// <summary>The container, validated; throws <see cref="OptionsValidationException"/> naming every bad setting with its file and instance.</summary>
    public static ServiceProvider Build(IModuleContext context, Type moduleType, Action<IServiceCollection> addHostServices)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(moduleType);
        ArgumentNullException.ThrowIfNull(addHostServices);
        var services = new ServiceCollection();
        addHostServices(services);
        services.AddSingleton(context);
        services.AddSingleton(context.Settings);
        services.AddSingleton(context.Manifest);
        services.AddSingleton(context.Node);
        if (typeof(IConfigureServices).IsAssignableFrom(moduleType))
        {
            try
            {
                ConfigureMethod.MakeGenericMethod(moduleType).Invoke(null, [services, context.Settings]);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new ModuleConstructorException(e.InnerException);
            }
        }

        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            provider.Dispose();
            throw SettingsError(e, context) ?? throw new ModuleConstructorException(e);
        }

        return provider;
    }

    /// <summary>Constructs the module from its container; a constructor's own exception comes out as <see cref="ModuleConstructorException"/>.</summary>
    public static IModule CreateModule(IServiceProvider services, Type moduleType)
    {
        try
        {
            return (IModule)ActivatorUtilities.CreateInstance(services, moduleType);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>
    /// Every settings failure in <paramref name="error"/> (an <see cref="OptionsValidationException"/>, or several in an
    /// <see cref="AggregateException"/>), each as <c>modules.json: instance 'name': setting ...</c>; null when it holds none.
    /// </summary>
    public static OptionsValidationException? SettingsError(Exception error, IModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var found = error switch
        {
            OptionsValidationException one => [one],
            AggregateException many => many.Flatten().InnerExceptions.OfType<OptionsValidationException>().ToList(),
            _ => [],
        };
        if (found.Count == 0)
        {
            return null;
        }

        var file = Path.GetFileName(context.Node.ConfigPath) is { Length: > 0 } name ? name : "modules.json";
        var prefix = $"{file}: instance '{context.InstanceName}': ";
        var failures = found.SelectMany(e => e.Failures).Select(f => f.StartsWith(prefix, StringComparison.Ordinal) ? f : prefix + f).ToList();
        return new OptionsValidationException(context.InstanceName, found[0].OptionsType, failures);
    }

    private static readonly MethodInfo ConfigureMethod =
        typeof(ModuleContainer).GetMethod(nameof(Configure), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static void Configure<TModule>(IServiceCollection services, IConfiguration settings)
        where TModule : IConfigureServices => TModule.ConfigureServices(services, settings);
}
