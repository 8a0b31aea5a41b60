using System.Reflection;
using N3Host.Plugins;

namespace N3Host.Api;

/// <summary>The host's and its contracts' versions, as shown to people.</summary>
internal static class HostVersions
{
    public static Version Host { get; } = typeof(HostVersions).Assembly.GetName().Version ?? new Version(0, 0);

    public static string HostText { get; } = Informational(typeof(HostVersions).Assembly);

    public static string ContractsText { get; } = ContractsCompatibility.HostContractsVersion.ToString();

    private static string Informational(Assembly assembly)
    {
        var text = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? Host.ToString(3);
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? text : text[..plus];
    }
}
