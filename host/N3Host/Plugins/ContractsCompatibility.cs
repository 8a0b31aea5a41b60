namespace N3Host.Plugins;

/// <summary>The contracts rule: same major as the host's contracts, minor no newer than the host's.</summary>
internal static class ContractsCompatibility
{
    public static Version HostContractsVersion { get; } = typeof(N3Host.Contracts.IModule).Assembly.GetName().Version!;

    /// <summary>Null when compatible, otherwise why not, naming both versions.</summary>
    public static string? Check(string plugin, Version pluginContracts, Version hostContracts)
    {
        if (pluginContracts.Major != hostContracts.Major)
        {
            return $"plugin {plugin} was built against N3Host.Contracts {pluginContracts}, this host has N3Host.Contracts {hostContracts}: "
                + $"the major versions differ (rebuild the plugin against contracts {hostContracts.Major}.x)";
        }

        if (pluginContracts.Minor > hostContracts.Minor)
        {
            return $"plugin {plugin} was built against N3Host.Contracts {pluginContracts}, newer than this host's N3Host.Contracts {hostContracts}: "
                + "upgrade the host or use a plugin built for this host's contracts";
        }

        return null;
    }
}
