using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// <c>n3host service install|uninstall</c> from a published install: the unit it prints is the one shipped in the install (for
/// its own folder), systemd's own checker accepts it, a root folder gets the unit and a copy of modules.json, and a user
/// other than root is refused with what to do.
/// </summary>
[Collection(PublishedHostCollection.Name)]
public sealed class ServiceInstallTests(PublishedHost install) : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-service");

    [SkippableFact]
    public async Task ThePrintedUnit_IsTheShippedFile_ForThisInstall_AndSystemdAnalyzeVerifiesIt()
    {
        var printed = await install.CliAsync("service", "install", "--print");

        Assert.True(printed.ExitCode == 0, printed.Output);
        var shipped = await File.ReadAllTextAsync(Path.Combine(install.Directory, "n3host.service"));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(HostBuild.RepoRoot, "deploy", "n3host.service")), shipped);
        Assert.Equal(shipped.Replace("/opt/n3host/", install.Directory + "/", StringComparison.Ordinal), printed.StdOut);
        Assert.Contains("Type=notify", shipped);
        Assert.Contains("Restart=always", shipped);
        Assert.Contains("ProtectSystem=strict", shipped);

        var unit = _folder.Combine("n3host.service");
        await File.WriteAllTextAsync(unit, printed.StdOut);
        var analyze = FindOnPath("systemd-analyze");
        Skip.If(analyze is null, "systemd-analyze is not installed (Debian's systemd package; .ci/run installs it): the unit was not verified");
        var verified = await HostCli.RunExecutableAsync(analyze!, ["verify", unit]);
        Assert.True(verified.ExitCode == 0 && verified.Output.Trim().Length == 0, $"systemd-analyze verify: exit {verified.ExitCode}\n{verified.Output}");
    }

    [Fact]
    public async Task InstallUnderARootFolder_WritesTheUnitAndTheConfiguration_KeepsAnEditedConfiguration_AndUninstallKeepsTheData()
    {
        var root = _folder.Combine("root");
        var printed = await install.CliAsync("service", "install", "--print");

        var first = await install.CliAsync("service", "install", "--root", root);

        Assert.True(first.ExitCode == 0, first.Output);
        var unit = Path.Combine(root, "etc", "systemd", "system", "n3host.service");
        var config = Path.Combine(root, "var", "lib", "n3host", "modules.json");
        Assert.Equal(printed.StdOut, await File.ReadAllTextAsync(unit));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(install.Directory, "modules.json")), await File.ReadAllTextAsync(config));

        await File.AppendAllTextAsync(config, "// edited by the plant\n");
        var again = await install.CliAsync("service", "install", "--root", root);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains($"kept {config}", again.StdOut);
        Assert.EndsWith("// edited by the plant\n", await File.ReadAllTextAsync(config), StringComparison.Ordinal);

        var removed = await install.CliAsync("service", "uninstall", "--root", root);
        Assert.True(removed.ExitCode == 0, removed.Output);
        Assert.False(File.Exists(unit), "the unit is removed");
        Assert.True(File.Exists(config), "the configuration and data are kept");
    }

    [SkippableFact]
    public async Task Install_ByAUserOtherThanRoot_IsRefused_WithWhatToDo()
    {
        CliResult refused;
        if (Environment.IsPrivilegedProcess)
        {
            // The tests run as root (CI): the command runs as nobody, through util-linux's setpriv.
            var setpriv = FindOnPath("setpriv");
            Skip.If(setpriv is null, "running as root and setpriv (util-linux) is not installed: no way to run the command as another user");
            refused = await HostCli.RunExecutableAsync(setpriv!, ["--reuid=65534", "--regid=65534", "--clear-groups", "--", install.Executable, "service", "install"]);
        }
        else
        {
            refused = await install.CliAsync("service", "install");
        }

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("needs root: run it with sudo", refused.StdErr);
    }

    public void Dispose() => _folder.Dispose();

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
