using N3Host.Contracts;

namespace N3Host.Api;

/// <summary>One installed plugin with its check result, in <c>GET /api/modules</c> and <c>n3host modules</c>.</summary>
/// <param name="Name">The plugin folder's name.</param>
/// <param name="Version">The plugin's version.</param>
/// <param name="ContractsVersion">The contracts version it was built against.</param>
/// <param name="Follows">How its module follows the role, once loaded.</param>
/// <param name="Description">Its module's description, once loaded.</param>
/// <param name="Check">"ok", or why it cannot run.</param>
internal sealed record PluginReportDto(string Name, string? Version, string? ContractsVersion, RoleFollowing? Follows, string? Description, string Check);
