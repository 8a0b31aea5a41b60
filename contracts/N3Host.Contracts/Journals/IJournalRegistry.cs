namespace N3Host.Contracts;

/// <summary>The node's stored-data journals, which the redundancy core replicates between the nodes of a pair.</summary>
public interface IJournalRegistry
{
    /// <summary>Registers a journal. A journal with the same name is replaced (a module recreated after a fault registers again).</summary>
    void Register(IJournal journal);

    /// <summary>Every registered journal.</summary>
    IReadOnlyList<IJournal> All { get; }

    /// <summary>Raised after a journal is registered.</summary>
    event EventHandler<IJournal>? Registered;

    /// <summary>
    /// Completes once the other node of the pair holds this node's own records of <paramref name="journal"/> up to
    /// <paramref name="sequence"/>, or at once while no peer replicates that journal (standalone, or the peer is down or
    /// does not have the journal). A module that acknowledges data to someone else waits on it, so that a kill of this
    /// node loses nothing acknowledged. Added in contracts 1.1.
    /// </summary>
    ValueTask WaitReplicatedAsync(string journal, long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// For the redundancy module: whether a peer replicates <paramref name="journal"/> now. Setting it false releases every
    /// <see cref="WaitReplicatedAsync"/> on it. Added in contracts 1.1.
    /// </summary>
    void SetReplicating(string journal, bool replicating);

    /// <summary>For the redundancy module: the peer holds this node's own records of <paramref name="journal"/> up to <paramref name="sequence"/>. Added in contracts 1.1.</summary>
    void ReportReplicated(string journal, long sequence);
}
