using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>
/// Once per test collection: builds the test plugin <c>tests/TestPlugins/JournalPlugin</c> (not part of the solution) with
/// <c>dotnet build</c> against the host's contracts DLL, as a plugin author would, in its normal version and in a newer
/// one, and puts each beside the host's own Redundancy plugin in a plugins folder of its own (<c>n3host run --plugins</c>).
/// </summary>
public sealed class JournalPluginInstall : IAsyncLifetime
{
    public const string NewerVersion = "0.2.0";

    private readonly TempDirectory _root = new("n3host-journal-plugin");

    /// <summary>Redundancy and JournalPlugin in the repository's version.</summary>
    public string Plugins => _root.Combine("plugins");

    /// <summary>Redundancy and JournalPlugin built as version <see cref="NewerVersion"/> (an upgrade done on one node only).</summary>
    public string NewerPlugins => _root.Combine("plugins-newer");

    public async Task InitializeAsync()
    {
        await BuildIntoAsync(Plugins, version: null);
        await BuildIntoAsync(NewerPlugins, NewerVersion);
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    private async Task BuildIntoAsync(string plugins, string? version)
    {
        var name = Path.GetFileName(plugins);
        CopyFolder(Path.Combine(HostBuild.OutputDirectory, "plugins", "Redundancy"), Path.Combine(plugins, "Redundancy"));
        List<string> args =
        [
            "build", Path.Combine(HostBuild.RepoRoot, "tests", "TestPlugins", "JournalPlugin"), "-c", "Release", "--nologo",
            "-o", Path.Combine(plugins, "JournalPlugin"),
            $"-p:N3HostContractsPath={Path.Combine(HostBuild.OutputDirectory, "N3Host.Contracts.dll")}",
            $"-p:BaseIntermediateOutputPath={_root.Combine("obj", name)}{Path.DirectorySeparatorChar}",
        ];
        if (version is not null)
        {
            args.Add($"-p:Version={version}");
        }

        await BuildTool.DotnetAsync(args, TimeSpan.FromMinutes(5));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}
