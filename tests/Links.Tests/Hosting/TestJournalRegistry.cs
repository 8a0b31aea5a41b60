using N3Host.Contracts;

namespace Links.Tests.Hosting;

/// <summary>The host side: the journal registry.</summary>
public sealed class TestJournalRegistry : IJournalRegistry
{
    private readonly List<IJournal> _journals = [];

    public IReadOnlyList<IJournal> All => _journals;

    public event EventHandler<IJournal>? Registered;

    public void Register(IJournal journal)
    {
        _journals.RemoveAll(j => j.Name == journal.Name);
        _journals.Add(journal);
        Registered?.Invoke(this, journal);
    }
}
