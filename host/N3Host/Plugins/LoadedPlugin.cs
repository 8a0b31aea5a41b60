using N3Host.Contracts;

namespace N3Host.Plugins;

/// <summary>A plugin loaded in its own load context, with its one module type.</summary>
/// <param name="ModuleType">The public class implementing <see cref="IModule"/> with <see cref="N3ModuleAttribute"/>.</param>
/// <param name="Manifest">What the host read about it.</param>
internal sealed record LoadedPlugin(Type ModuleType, ModuleManifest Manifest);
