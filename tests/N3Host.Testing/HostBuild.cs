using System.Reflection;

namespace N3Host.Testing;

/// <summary>Where the host's build output is: the <c>n3host</c> executable with its <c>plugins/</c> folder.</summary>
public static class HostBuild
{
    private static string Metadata(string key) =>
        typeof(HostBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");

    /// <summary>The repository's root folder.</summary>
    public static string RepoRoot => Path.GetFullPath(Metadata("N3HostRepoRoot"));

    /// <summary>The host's build output folder (built before the tests through a project reference).</summary>
    public static string OutputDirectory
    {
        get
        {
            var dir = Path.GetFullPath(Metadata("N3HostOutput"));
            if (!File.Exists(Path.Combine(dir, "n3host.dll")))
                throw new InvalidOperationException($"the host is not built at {dir}: build N3Host.sln first");
            return dir;
        }
    }

    /// <summary>The <c>n3host</c> executable in the build output.</summary>
    public static string Executable => Path.Combine(OutputDirectory, OperatingSystem.IsWindows() ? "n3host.exe" : "n3host");
}
