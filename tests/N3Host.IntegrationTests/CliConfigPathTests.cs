using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// Which modules.json a built n3host reads without <c>--config</c>: the one in the working directory (from the repository's
/// folder, the root file the user edits), never a copy the build made next to the executable, so an edit takes effect
/// without a rebuild.
/// </summary>
public sealed class CliConfigPathTests
{
    [Fact]
    public void TheBuild_PutsNoModulesJsonNextToN3host()
    {
        Assert.True(File.Exists(HostBuild.Executable), $"the host is built at {HostBuild.Executable}");
        Assert.False(File.Exists(Path.Combine(HostBuild.OutputDirectory, "modules.json")),
            $"{HostBuild.OutputDirectory} holds a modules.json: it would be read instead of the repository's file");
    }

    [Fact]
    public async Task WithoutConfig_TheBuiltN3host_ReadsTheModulesJsonOfTheWorkingDirectory_AsEditedThere()
    {
        using var folder = new TempDirectory("n3host-cli-config");
        var config = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "modules.json"));

        // As a user edits the root file: another data folder, read at once, with no build in between.
        var edited = config.Replace("\"dataDirectory\": \"data\"", "\"dataDirectory\": \"edited-data\"", StringComparison.Ordinal);
        Assert.NotEqual(config, edited);
        File.WriteAllText(folder.Combine("modules.json"), edited);

        var result = await HostCli.RunExecutableAsync(HostBuild.Executable, ["cert", "show"], folder.Path);

        Assert.True(result.ExitCode == 0, $"cert show exits 0: {result.Output}");
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", result.StdOut, StringComparison.Ordinal);
        Assert.True(Directory.Exists(folder.Combine("edited-data", "certs")), $"the certificate is made in the edited file's data folder:\n{result.Output}");
    }
}
