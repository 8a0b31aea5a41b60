using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.IntegrationTests;

/// <summary>
/// The Windows install builds here (it is not run: no Windows machine takes part in the tests): <c>dotnet publish host/N3Host
/// -c Release -r win-x64 --self-contained false</c>, in the sources the patch release was built from, after it.
/// </summary>
[Collection(PublishedHostCollection.Name)]
public sealed class WindowsPublishTests(PatchRelease release, ITestOutputHelper output)
{
    private static readonly string[] Plugins = ["Historian", "Links", "MqttBroker", "Redundancy", "RedundancyAgent", "Simulator"];

    [Fact]
    public async Task WinX64Publish_HasTheExe_EveryPluginWithItsDll_AndShipsWhatTheLinuxInstallShips()
    {
        var linuxTook = await release.InstallAsync();
        var took = await release.WindowsInstallAsync();
        output.WriteLine($"copy and publish {PatchRelease.Version}: {linuxTook.TotalSeconds:0} s; win-x64 publish after it: {took.TotalSeconds:0} s");
        var windows = release.WindowsDirectory;
        var linux = release.Directory;

        var exe = Path.Combine(windows, "n3host.exe");
        Assert.True(File.Exists(exe), $"no n3host.exe in {windows}");
        Assert.True(IsWindowsExecutable(exe), "n3host.exe is not a Windows executable (no MZ header)");
        Assert.True(File.Exists(Path.Combine(windows, "n3host.dll")), "no n3host.dll");
        foreach (var plugin in Plugins)
        {
            Assert.True(File.Exists(Path.Combine(windows, "plugins", plugin, $"{plugin}.dll")), $"plugins/{plugin}/{plugin}.dll is missing");
        }

        Assert.Equal(Plugins, System.IO.Directory.GetDirectories(Path.Combine(windows, "plugins")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The historian's SQLite for Windows (the Linux install has its native libraries under runtimes/ instead).
        Assert.True(IsWindowsExecutable(Path.Combine(windows, "plugins", "Historian", "e_sqlite3.dll")), "plugins/Historian/e_sqlite3.dll is not a Windows library");

        // Every file the Linux install ships is there, the same configuration and service unit: only the native ones differ
        // (n3host for n3host.exe, runtimes/ folders for the Windows libraries beside the plugin).
        var missing = Files(linux)
            .Where(f => f != "n3host" && !f.StartsWith("runtimes/", StringComparison.Ordinal) && !f.Contains("/runtimes/", StringComparison.Ordinal))
            .Where(f => !File.Exists(Path.Combine(windows, f)))
            .ToList();
        Assert.True(missing.Count == 0, $"shipped on Linux, missing on Windows: {string.Join(", ", missing)}");
        foreach (var shipped in new[] { "modules.json", "n3host.service" })
        {
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(linux, shipped)), await File.ReadAllTextAsync(Path.Combine(windows, shipped)));
        }

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(HostBuild.RepoRoot, "modules.json")), await File.ReadAllTextAsync(Path.Combine(windows, "modules.json")));
    }

    private static IEnumerable<string> Files(string root) =>
        System.IO.Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));

    private static bool IsWindowsExecutable(string file)
    {
        if (!File.Exists(file))
            return false;
        Span<byte> header = stackalloc byte[2];
        using var stream = File.OpenRead(file);
        return stream.Read(header) == 2 && header[0] == (byte)'M' && header[1] == (byte)'Z';
    }
}
