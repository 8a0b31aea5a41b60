using System.Reflection;

namespace N3Host.Benchmarks;

/// <summary>Where the host built with this benchmark project is.</summary>
internal static class BuildPaths
{
    public static string RepoRoot => Metadata("N3HostRepoRoot");

    public static string HostOutput => Metadata("N3HostOutput");

    public static string HostExecutable => Path.Combine(HostOutput, OperatingSystem.IsWindows() ? "n3host.exe" : "n3host");

    private static string Metadata(string key) =>
        Path.GetFullPath(typeof(BuildPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!);
}
