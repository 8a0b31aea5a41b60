using N3Host.Tags;

namespace N3Host.Api;

/// <summary>The answer to <c>GET /api/status</c>.</summary>
internal sealed record NodeStatusDto(
    string Node,
    string HostVersion,
    string ContractsVersion,
    string Mode,
    string Role,
    long Term,
    string RoleReason,
    DateTimeOffset RoleSince,
    string ConfigPath,
    string DataDirectory,
    int ApiPort,
    string CertificateFingerprint,
    IReadOnlyList<InstanceStatusDto> Modules,
    IReadOnlyDictionary<string, object?> Services,
    TagBusStatus TagBus)
{
    /// <summary>Values of ActiveOnly modules refused because the node was no longer active when they were published (a resumed, fenced node).</summary>
    public long RefusedNotActive { get; init; }

    /// <summary>What <c>GET /health/ready</c> answers, with why (<see cref="Status.NodeReadiness"/>).</summary>
    public Status.NodeReadiness? Readiness { get; init; }
}
