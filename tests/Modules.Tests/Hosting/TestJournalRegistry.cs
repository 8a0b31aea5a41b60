using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>Keeps registered journals by name.</summary>
internal sealed class TestJournalRegistry : IJournalRegistry
{
    private readonly Lock _gate = new();
    private readonly List<IJournal> _journals = [];

    public IReadOnlyList<IJournal> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _journals];
            }
        }
    }

    public event EventHandler<IJournal>? Registered;

    public void Register(IJournal journal)
    {
        lock (_gate)
        {
            _journals.RemoveAll(j => j.Name == journal.Name);
            _journals.Add(journal);
        }

        Registered?.Invoke(this, journal);
    }
}
