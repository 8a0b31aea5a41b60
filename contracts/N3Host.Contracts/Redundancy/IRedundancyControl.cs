namespace N3Host.Contracts;

/// <summary>Commands on the redundant pair, offered by the redundancy core through <see cref="INodeServices"/>.</summary>
public interface IRedundancyControl
{
    /// <summary>Hands the active role to the connected peer, or refuses with the reason.</summary>
    Task<FailoverResult> FailoverAsync(CancellationToken cancellationToken);

    /// <summary>With <c>failback: manual</c>: lets the waiting primary take the active role back.</summary>
    Task<FailoverResult> FailbackAsync(CancellationToken cancellationToken);
}
