namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// The backup's connection attempt in progress: which step (TCP connect, TLS handshake, hello) since when. While one runs,
/// the primary is not taken for dead, however long the step takes (each step has its own bound).
/// </summary>
internal sealed record ConnectionAttempt(string Address, string Step, DateTimeOffset Since);
