using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace N3Host.Plugins;

/// <summary>Reads a plugin's version and its N3Host.Contracts reference from metadata, without loading it.</summary>
internal static class PluginInspector
{
    public const string ContractsAssemblyName = "N3Host.Contracts";

    public static PluginInspection Inspect(string name, string assemblyPath, Version hostContracts)
    {
        if (!File.Exists(assemblyPath))
        {
            return new PluginInspection(name, assemblyPath, null, null, $"plugin folder {name} has no {name}.dll");
        }

        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var reader = new PEReader(stream);
            if (!reader.HasMetadata)
            {
                return new PluginInspection(name, assemblyPath, null, null, $"{assemblyPath} is not a .NET assembly");
            }

            var metadata = reader.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                return new PluginInspection(name, assemblyPath, null, null, $"{assemblyPath} is not a .NET assembly");
            }

            var version = metadata.GetAssemblyDefinition().Version;
            Version? contracts = null;
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, ContractsAssemblyName))
                {
                    contracts = reference.Version;
                    break;
                }
            }

            if (contracts is null)
            {
                return new PluginInspection(name, assemblyPath, version, null, $"plugin {name} does not reference {ContractsAssemblyName}: it is not an N3Host module");
            }

            return new PluginInspection(name, assemblyPath, version, contracts, ContractsCompatibility.Check(name, contracts, hostContracts));
        }
        catch (BadImageFormatException e)
        {
            return new PluginInspection(name, assemblyPath, null, null, $"{assemblyPath} is not a valid .NET assembly: {e.Message}");
        }
        catch (IOException e)
        {
            return new PluginInspection(name, assemblyPath, null, null, $"{assemblyPath} cannot be read: {e.Message}");
        }
    }
}
