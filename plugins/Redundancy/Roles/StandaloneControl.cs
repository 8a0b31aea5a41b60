using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>Failover and failback on a standalone node: refused, with the reason.</summary>
internal sealed class StandaloneControl : IRedundancyControl
{
    public static StandaloneControl Instance { get; } = new();

    public Task<FailoverResult> FailoverAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new FailoverResult(false, "this node is standalone (redundancy mode standalone): there is no peer to fail over to"));

    public Task<FailoverResult> FailbackAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new FailoverResult(false, "this node is standalone (redundancy mode standalone): there is no failback"));
}
