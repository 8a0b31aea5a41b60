namespace N3Host.Contracts;

/// <summary>The node a module runs on.</summary>
/// <param name="Name">The node's name (modules.json <c>node.name</c>).</param>
/// <param name="DataDirectory">The node's data folder.</param>
/// <param name="HostVersion">The host's version.</param>
/// <param name="ContractsVersion">The host's contracts version.</param>
/// <param name="ConfigPath">The modules.json the node was started with.</param>
public sealed record NodeInfo(string Name, string DataDirectory, Version HostVersion, Version ContractsVersion, string ConfigPath);
