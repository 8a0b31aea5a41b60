using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.IntegrationTests;

/// <summary>A data folder on a real full (or read-only) tmpfs at the very first start: exit 1, one clear line, nothing half-written.</summary>
[Collection(PublishedHostCollection.Name)]
public sealed class FullDiskTests(PublishedHost host, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task FirstStart_OnAFullDisk_ExitsWith1_NamesThePathAndTheFreeBytes_AndLeavesNoTmp()
    {
        using var node = new TestNode(host);
        using var disk = TinyDisk.MountOrExplain(node.DataDirectory, 64, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        disk!.Fill();

        var result = await host.CliAsync("run", "--config", WriteConfig(node));
        output.WriteLine(result.Output);

        var certs = Path.Combine(node.DataDirectory, "certs");
        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}, expected 1. Output:\n{result.Output}");
        var line = Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.StartsWith($"n3host: cannot write the node's certificate {Path.Combine(certs, "node.key")}: disk full at {certs} (", line, StringComparison.Ordinal);
        Assert.Contains(" bytes free)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(node.DataDirectory, "*.tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(certs, "node.key")), "no key without its certificate");
    }

    [SkippableFact]
    public async Task FirstStart_OnAReadOnlyDisk_ExitsWith1_AndNamesThePath()
    {
        using var node = new TestNode(host);
        using var disk = TinyDisk.MountOrExplain(node.DataDirectory, 64, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        var config = WriteConfig(node);
        disk!.RemountReadOnly();

        var result = await host.CliAsync("run", "--config", config);
        output.WriteLine(result.Output);

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}, expected 1. Output:\n{result.Output}");
        var line = Assert.Single(result.StdErr.Trim().Split('\n'));
        Assert.Contains($"read-only at {node.DataDirectory}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void AtomicFile_OnAFullDisk_ThrowsNamingTheFileAndTheFreeBytes_KeepsTheOldContent_AndLeavesNoTmp()
    {
        using var folder = new TempDirectory("n3host-atomic");
        using var disk = TinyDisk.MountOrExplain(folder.Combine("tiny"), 64, output.WriteLine, out var reason);
        Skip.If(disk is null, reason);
        var path = Path.Combine(disk!.Path, "config-revision.json");
        N3Host.Configuration.AtomicFile.Write(path, "old", keepPrevious: false);
        disk.Fill();

        var error = Assert.Throws<IOException>(() => N3Host.Configuration.AtomicFile.Write(path, new string('x', 100_000), keepPrevious: false));

        output.WriteLine(error.Message);
        Assert.StartsWith($"cannot write {path}: disk full at {disk.Path} (", error.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(disk.Path, "*.tmp"));
    }

    private static string WriteConfig(TestNode node)
    {
        node.Config.Add("sim", "Simulator");
        return node.Config.WriteTo(node.ConfigPath);
    }
}
