using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>The host's side of the journal registry, as the host behaves: a journal with the same name is replaced.</summary>
public sealed class TestJournalRegistry : IJournalRegistry
{
    private readonly Lock _lock = new();
    private readonly List<IJournal> _journals = [];

    public IReadOnlyList<IJournal> All
    {
        get
        {
            lock (_lock)
                return [.. _journals];
        }
    }

    public event EventHandler<IJournal>? Registered;

    public void Register(IJournal journal)
    {
        lock (_lock)
        {
            _journals.RemoveAll(j => j.Name == journal.Name);
            _journals.Add(journal);
        }

        Registered?.Invoke(this, journal);
    }
}
