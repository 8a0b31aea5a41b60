using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// Once per test run: <c>dotnet publish host/N3Host -c Release -o DIR</c>, then plugins the host does not know about
/// are dropped into DIR/plugins/: the test plugins built with <c>dotnet build</c> against DIR's contracts DLL, and one
/// compiled here against a future contracts 2.0.
/// </summary>
public sealed class PublishedHost : IAsyncLifetime
{
    public static readonly string[] TestPlugins = ["DropInPlugin", "FaultyPlugin", "NoModulePlugin", "ServicesPlugin"];

    private readonly TempDirectory _root = new("n3host-install");

    public string Directory => _root.Combine("install");

    public string Executable => Path.Combine(Directory, OperatingSystem.IsWindows() ? "n3host.exe" : "n3host");

    public string PluginsDirectory => Path.Combine(Directory, "plugins");

    public async Task InitializeAsync()
    {
        var repo = HostBuild.RepoRoot;
        await Tool.RunAsync("dotnet", ["publish", Path.Combine(repo, "host", "N3Host"), "-c", "Release", "-o", Directory, "--nologo"], TimeSpan.FromMinutes(10));
        foreach (var plugin in TestPlugins)
        {
            var output = _root.Combine("build", plugin);
            await Tool.RunAsync("dotnet",
            [
                "build", Path.Combine(repo, "tests", "TestPlugins", plugin), "-c", "Release", "-o", output, "--nologo",
                $"-p:N3HostContractsPath={Path.Combine(Directory, "N3Host.Contracts.dll")}",
                $"-p:BaseIntermediateOutputPath={_root.Combine("obj", plugin)}{Path.DirectorySeparatorChar}",
            ], TimeSpan.FromMinutes(5));
            CopyFolder(output, Path.Combine(PluginsDirectory, plugin));
        }

        FutureContractsPlugin.WriteTo(Path.Combine(PluginsDirectory, FutureContractsPlugin.Name));
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs <c>n3host ARGS</c> from the install.</summary>
    public Task<CliResult> CliAsync(params string[] args) => N3Host.Testing.HostCli.RunExecutableAsync(Executable, args);

    /// <summary>Runs the installed n3host with <paramref name="input"/> on its standard input (a password).</summary>
    public Task<CliResult> CliWithInputAsync(string input, params string[] args) => N3Host.Testing.HostCli.RunExecutableAsync(Executable, args, input: input);

    /// <summary>Starts <c>n3host run --config CONFIG</c> from the install.</summary>
    public NodeProcess Start(string config, params string[] extra) => NodeProcess.StartExecutable(Executable, ["run", "--config", config, .. extra]);

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }
}
