using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>An empty journal registry (the redundancy module does not register journals).</summary>
public sealed class TestJournals : IJournalRegistry
{
    private readonly List<IJournal> _all = [];

    public IReadOnlyList<IJournal> All => _all;

    public event EventHandler<IJournal>? Registered;

    public void Register(IJournal journal)
    {
        _all.Add(journal);
        Registered?.Invoke(this, journal);
    }
}
