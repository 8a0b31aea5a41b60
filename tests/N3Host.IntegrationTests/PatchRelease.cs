using System.Diagnostics;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// A second release of the repository's code, built apart from the repository's own build: the sources a publish needs are
/// copied into a temporary folder (no bin/, obj/ or artifacts/, so no build output is shared with the tests that run at the
/// same time), then, one after the other in that folder: <c>dotnet publish host/N3Host -c Release -p:N3HostVersion=0.1.1</c>
/// (a patch release of the install <see cref="PublishedHost"/> makes) and <c>dotnet publish host/N3Host -c Release -r win-x64
/// --self-contained false</c>. Both start when the collection starts and run in the background while
/// <see cref="PublishedHost"/> publishes and the collection's other tests run; a test waits for the one it needs.
/// </summary>
public sealed class PatchRelease : IAsyncLifetime
{
    public const string Version = "0.1.1";

    /// <summary>What a <c>dotnet publish host/N3Host</c> reads: the build files at the root, the projects, modules.json and the service unit.</summary>
    private static readonly string[] SourceFiles = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig", "modules.json"];

    private static readonly string[] SourceFolders = ["host", "contracts", "libs", "plugins", "deploy"];

    private static readonly string[] BuildOutputFolders = ["bin", "obj", "artifacts", "TestResults"];

    private readonly TempDirectory _root = new("n3host-patch-release");
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<TimeSpan> _patch;
    private readonly Task<TimeSpan> _windows;

    /// <summary>
    /// Starts both builds, in the background. (Here rather than in <see cref="InitializeAsync"/>: xUnit may initialize a
    /// collection's fixtures one after the other, and these builds should not wait for <see cref="PublishedHost"/>'s.)
    /// </summary>
    public PatchRelease()
    {
        _patch = Task.Run(() => PublishPatchAsync(_stop.Token));
        _windows = Task.Run(async () =>
        {
            await _patch;
            return await PublishWindowsAsync(_stop.Token);
        });
    }

    /// <summary>The copied sources.</summary>
    public string SourceDirectory => _root.Combine("src");

    /// <summary>The patch release's install (Linux).</summary>
    public string Directory => _root.Combine($"install-{Version}");

    public string Executable => Path.Combine(Directory, OperatingSystem.IsWindows() ? "n3host.exe" : "n3host");

    /// <summary>The win-x64 install published from the same sources.</summary>
    public string WindowsDirectory => _root.Combine("install-win");

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Waits for the patch release's install; returns how long its copy and publish took.</summary>
    public Task<TimeSpan> InstallAsync() => _patch;

    /// <summary>Waits for the win-x64 install (after the patch release's); returns how long its publish took.</summary>
    public Task<TimeSpan> WindowsInstallAsync() => _windows;

    public async Task DisposeAsync()
    {
        // A run that did not need them (a filter) does not wait for the builds: they are stopped.
        await _stop.CancelAsync();
        foreach (var build in new[] { _patch, _windows })
        {
            try
            {
                await build;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Reported by the test that waited for it, if any.
            }
        }

        _stop.Dispose();
        _root.Dispose();
    }

    private async Task<TimeSpan> PublishPatchAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        CopySources(HostBuild.RepoRoot, SourceDirectory);
        await Tool.RunAsync("dotnet", ["publish", Path.Combine(SourceDirectory, "host", "N3Host"), "-c", "Release", "-o", Directory, $"-p:N3HostVersion={Version}", "--nologo"],
            TimeSpan.FromMinutes(10), SourceDirectory, cancellationToken);
        return clock.Elapsed;
    }

    private async Task<TimeSpan> PublishWindowsAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();

        // As from a fresh clone: the plugins the Linux publish built in artifacts/ would otherwise be copied into this install too.
        System.IO.Directory.Delete(Path.Combine(SourceDirectory, "artifacts"), recursive: true);
        await Tool.RunAsync("dotnet",
            ["publish", Path.Combine(SourceDirectory, "host", "N3Host"), "-c", "Release", "-r", "win-x64", "--self-contained", "false", "-o", WindowsDirectory, "--nologo"],
            TimeSpan.FromMinutes(10), SourceDirectory, cancellationToken);
        return clock.Elapsed;
    }

    private static void CopySources(string repo, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in SourceFiles)
        {
            File.Copy(Path.Combine(repo, file), Path.Combine(to, file));
        }

        foreach (var folder in SourceFolders)
        {
            CopyFolder(Path.Combine(repo, folder), Path.Combine(to, folder));
        }
    }

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in System.IO.Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(folder);
            if (!BuildOutputFolders.Contains(name, StringComparer.Ordinal))
            {
                CopyFolder(folder, Path.Combine(to, name));
            }
        }
    }
}
