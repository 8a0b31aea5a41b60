using N3Host.Testing;

namespace N3Host.Modules.Tests.Loading;

/// <summary>Where a module's plugin folder (the build output the host copies into its plugins/) is.</summary>
internal static class PluginFolders
{
    public static string Find(string name)
    {
        string[] candidates =
        [
            Path.Combine(HostBuild.RepoRoot, "host", "N3Host", "bin", "Debug", "net10.0", "plugins", name),
            Path.Combine(HostBuild.RepoRoot, "artifacts", "plugins", "Debug", name),
            Path.Combine(HostBuild.RepoRoot, "artifacts", "plugins", name),
        ];
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, name + ".dll")))
            ?? throw new InvalidOperationException($"no built plugin folder for {name}; looked in {string.Join(", ", candidates)}");
    }
}
