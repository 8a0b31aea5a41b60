using N3Host.Contracts;

namespace N3Host.Journals;

/// <summary>The node's stored-data journals, by name; a journal registered again under the same name replaces the old one.</summary>
internal sealed class JournalRegistry : IJournalRegistry
{
    private readonly Lock _lock = new();
    private readonly List<IJournal> _journals = [];

    public event EventHandler<IJournal>? Registered;

    public IReadOnlyList<IJournal> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _journals];
            }
        }
    }

    public void Register(IJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        lock (_lock)
        {
            var index = _journals.FindIndex(j => string.Equals(j.Name, journal.Name, StringComparison.Ordinal));
            if (index >= 0)
            {
                _journals[index] = journal;
            }
            else
            {
                _journals.Add(journal);
            }
        }

        Registered?.Invoke(this, journal);
    }
}
