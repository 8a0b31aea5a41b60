using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace N3Host.IntegrationTests;

/// <summary>Compiles, with Roslyn, a plugin built against a future N3Host.Contracts 2.0.0.0 (itself compiled here as a stand-in).</summary>
internal static class FutureContractsPlugin
{
    public const string Name = "FutureContractsPlugin";

    private const string ContractsSource = """
        [assembly: System.Reflection.AssemblyVersion("2.0.0.0")]
        namespace N3Host.Contracts
        {
            public interface IModuleContext { string InstanceName { get; } }
            public interface IModule
            {
                System.Threading.Tasks.Task StartAsync(IModuleContext context, System.Threading.CancellationToken cancellationToken);
                System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken);
            }
            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class N3ModuleAttribute : System.Attribute
            {
                public N3ModuleAttribute(string name) { Name = name; }
                public string Name { get; }
            }
        }
        """;

    private const string PluginSource = """
        [assembly: System.Reflection.AssemblyVersion("1.0.0.0")]
        namespace FutureContractsPlugin
        {
            [N3Host.Contracts.N3Module("FutureContractsPlugin")]
            public sealed class FutureModule : N3Host.Contracts.IModule
            {
                public System.Threading.Tasks.Task StartAsync(N3Host.Contracts.IModuleContext context, System.Threading.CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
                public System.Threading.Tasks.Task StopAsync(System.Threading.CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
            }
        }
        """;

    /// <summary>Writes <c>FutureContractsPlugin.dll</c> into <paramref name="pluginFolder"/> (the fake contracts are not copied).</summary>
    public static void WriteTo(string pluginFolder)
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => MetadataReference.CreateFromFile(p))
            .ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary);
        var contracts = Emit(CSharpCompilation.Create("N3Host.Contracts", [CSharpSyntaxTree.ParseText(ContractsSource)], framework, options));
        var plugin = Emit(CSharpCompilation.Create(Name, [CSharpSyntaxTree.ParseText(PluginSource)], [.. framework, MetadataReference.CreateFromImage(contracts)], options));
        Directory.CreateDirectory(pluginFolder);
        File.WriteAllBytes(Path.Combine(pluginFolder, Name + ".dll"), plugin);
    }

    private static byte[] Emit(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{compilation.AssemblyName} does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return stream.ToArray();
    }
}
