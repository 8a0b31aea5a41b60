using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using N3Host.Contracts;

namespace N3Host.Plugins;

/// <summary>Loads a checked plugin in its own load context and finds its one module type.</summary>
internal static class ModuleTypeLoader
{
    /// <summary>The types whose assemblies the host shares with every plugin: the contracts and the Microsoft.Extensions abstractions.</summary>
    public static Type[] SharedTypes { get; } =
    [
        typeof(IModule),
        typeof(ILogger),
        typeof(IServiceCollection),
        typeof(IConfiguration),
        typeof(IChangeToken),
        typeof(IOptions<>),
    ];

    public static LoadedPlugin Load(PluginInspection plugin)
    {
        if (plugin.Problem is not null)
        {
            throw new PluginRefusedException(plugin.Problem);
        }

        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(plugin.AssemblyPath, SharedTypes, config => config.PreferSharedTypes = true);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            throw new PluginRefusedException($"plugin {plugin.Name} cannot be loaded: {e.Message}", e);
        }

        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            throw new PluginRefusedException($"plugin {plugin.Name} cannot be loaded: {first}", e);
        }
        catch (FileNotFoundException e)
        {
            throw new PluginRefusedException($"plugin {plugin.Name} cannot be loaded: {e.Message}", e);
        }

        var candidates = types
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IModule).IsAssignableFrom(t) && t.GetCustomAttribute<N3ModuleAttribute>() is not null)
            .ToList();
        if (candidates.Count == 0)
        {
            throw new PluginRefusedException(
                $"plugin {plugin.Name} has no module type: it needs one public class implementing N3Host.Contracts.IModule with [N3Module(\"{plugin.Name}\")]");
        }

        if (candidates.Count > 1)
        {
            throw new PluginRefusedException(
                $"plugin {plugin.Name} has {candidates.Count} module types ({string.Join(", ", candidates.Select(t => t.FullName))}): exactly one is allowed");
        }

        var type = candidates[0];
        var attribute = type.GetCustomAttribute<N3ModuleAttribute>()!;
        if (!string.Equals(attribute.Name, plugin.Name, StringComparison.Ordinal))
        {
            throw new PluginRefusedException(
                $"plugin folder {plugin.Name} holds module \"{attribute.Name}\": the folder and the module must have the same name");
        }

        var manifest = new ModuleManifest(attribute.Name, plugin.Version ?? new Version(0, 0), attribute.Follows, plugin.ContractsVersion!, attribute.Description);
        return new LoadedPlugin(type, manifest);
    }
}
