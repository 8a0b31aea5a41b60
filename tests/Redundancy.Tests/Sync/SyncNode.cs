using N3Host.Testing.Harness;
using N3Host.Testing;
using Microsoft.Extensions.Time.Testing;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>One node of a pair in a unit test: its journals, its sync engine and what it logged.</summary>
public sealed class SyncNode
{
    public SyncNode(string name, TimeProvider time, SyncOptions? options = null)
    {
        Name = name;
        Time = time;
        Replicator = new JournalReplicator(name, Journals, options ?? new SyncOptions(), time, Logger);
    }

    public string Name { get; }

    public TimeProvider Time { get; }

    public HostJournalRegistry Journals { get; } = new();

    public TestLog Logger { get; } = new();

    public JournalReplicator Replicator { get; }

    public InMemoryJournal AddJournal(string name, bool register = true)
    {
        var journal = new InMemoryJournal(name, Name, Time);
        if (register)
            Journals.Register(journal);
        return journal;
    }

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 3, 1, 3, 0, 0, TimeSpan.Zero));
}
