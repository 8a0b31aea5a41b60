namespace N3Host.Api;

/// <summary>What is installed and configured, with the check results: <c>GET /api/modules</c> and <c>n3host modules</c>.</summary>
internal sealed record ModulesReportDto(string PluginsDirectory, string HostVersion, string ContractsVersion, IReadOnlyList<PluginReportDto> Plugins, IReadOnlyList<InstanceCheckDto> Instances);
