using N3Host.Contracts;

namespace Historian.Tests.Hosting;

/// <summary>The host side: the node's journal registry.</summary>
internal sealed class TestJournalRegistry : IJournalRegistry
{
    private readonly List<IJournal> _journals = [];

    public IReadOnlyList<IJournal> All => [.. _journals];

    public event EventHandler<IJournal>? Registered;

    public void Register(IJournal journal)
    {
        _journals.RemoveAll(j => j.Name == journal.Name);
        _journals.Add(journal);
        Registered?.Invoke(this, journal);
    }

    public IJournal Get(string name) => _journals.Single(j => j.Name == name);
}
