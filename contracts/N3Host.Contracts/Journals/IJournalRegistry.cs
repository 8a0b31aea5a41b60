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
}
