namespace N3Host.Contracts;

/// <summary>What the host read about a loaded module.</summary>
/// <param name="Name">The module's name.</param>
/// <param name="Version">The plugin assembly's version.</param>
/// <param name="Follows">How it follows the role.</param>
/// <param name="ContractsVersion">The contracts version the plugin was built against.</param>
/// <param name="Description">One line, if the module gave one.</param>
public sealed record ModuleManifest(string Name, Version Version, RoleFollowing Follows, Version ContractsVersion, string? Description);
