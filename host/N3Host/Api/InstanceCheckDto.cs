namespace N3Host.Api;

/// <summary>One configured instance with its check result, in <c>GET /api/modules</c> and <c>n3host modules</c>.</summary>
internal sealed record InstanceCheckDto(string Instance, string Module, bool Enabled, string? VersionRange, string? Version, string Check);
