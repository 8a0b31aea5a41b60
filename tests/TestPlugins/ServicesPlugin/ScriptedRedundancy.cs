using N3Host.Contracts;

namespace ServicesPlugin;

/// <summary>Answers failover and failback as its settings say, to drive the host's failover API and CLI.</summary>
public sealed class ScriptedRedundancy(bool accept) : IRedundancyControl
{
    public int Requests { get; private set; }

    public Task<FailoverResult> FailoverAsync(CancellationToken cancellationToken)
    {
        Requests++;
        return Task.FromResult(accept ? new FailoverResult(true, "handing the active role to the peer") : new FailoverResult(false, "the peer is not connected"));
    }

    public Task<FailoverResult> FailbackAsync(CancellationToken cancellationToken)
    {
        Requests++;
        return Task.FromResult(accept ? new FailoverResult(true, "the primary takes the active role back") : new FailoverResult(false, "failback is automatic on this pair"));
    }
}
