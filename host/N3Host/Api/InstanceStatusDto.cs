using N3Host.Contracts;

namespace N3Host.Api;

/// <summary>One instance in <c>GET /api/status</c>.</summary>
internal sealed record InstanceStatusDto(string Instance, string Module, string? Version, RoleFollowing Follows, bool Enabled, ModuleState State, string? LastError, DateTimeOffset Since);
