using N3Host.Contracts;
using N3Host.Journals;

namespace N3Host.Testing;

/// <summary>
/// The host's real journal registry for in-process tests: journals by
/// name, replaced when registered again, and the pair's replication watermark.
/// </summary>
public sealed class HostJournalRegistry : IJournalRegistry
{
    private readonly JournalRegistry _registry = new();

    /// <inheritdoc />
    public event EventHandler<IJournal>? Registered
    {
        add => _registry.Registered += value;
        remove => _registry.Registered -= value;
    }

    /// <inheritdoc />
    public IReadOnlyList<IJournal> All => _registry.All;

    /// <summary>How far the peer holds this node's records, per journal a peer replicates now.</summary>
    public IReadOnlyDictionary<string, long> Replicated => _registry.Replicated;

    /// <summary>The registered journal with this name.</summary>
    public IJournal Get(string name) => All.Single(j => j.Name == name);

    /// <inheritdoc />
    public void Register(IJournal journal) => _registry.Register(journal);

    /// <inheritdoc />
    public ValueTask WaitReplicatedAsync(string journal, long sequence, CancellationToken cancellationToken) =>
        _registry.WaitReplicatedAsync(journal, sequence, cancellationToken);

    /// <inheritdoc />
    public void SetReplicating(string journal, bool replicating) => _registry.SetReplicating(journal, replicating);

    /// <inheritdoc />
    public void ReportReplicated(string journal, long sequence) => _registry.ReportReplicated(journal, sequence);
}
