namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The <c>redundancy.timeouts</c> status section: what the link runs with, and what differed between the nodes (null when nothing).</summary>
internal sealed record TimeoutsStatus(long ConnectionTimeoutMs, long HeartbeatIntervalMs, string? Mismatch);
