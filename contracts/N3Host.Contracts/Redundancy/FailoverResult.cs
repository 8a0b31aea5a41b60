namespace N3Host.Contracts;

/// <summary>The answer to a forced failover or a manual failback.</summary>
/// <param name="Accepted">True if the active role is being handed over.</param>
/// <param name="Message">What happened, or why it was refused (no peer, peer not ready, ...).</param>
public sealed record FailoverResult(bool Accepted, string Message);
