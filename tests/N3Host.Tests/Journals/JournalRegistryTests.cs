using N3Host.Contracts;
using N3Host.Journals;
using Xunit;

namespace N3Host.Tests.Journals;

public sealed class JournalRegistryTests
{
    [Fact]
    public void Register_AddsInOrder_ReplacesTheSameName_AndAnnouncesEach()
    {
        var registry = new JournalRegistry();
        var announced = new List<IJournal>();
        registry.Registered += (_, j) => announced.Add(j);
        var history = new NamedJournal("history");
        var config = new NamedJournal("config");
        var historyAgain = new NamedJournal("history");

        registry.Register(history);
        registry.Register(config);
        registry.Register(historyAgain);

        // One handle per name, in order; a module that registers again (it restarted) replaces what the handle calls.
        Assert.Equal(["history", "config"], registry.All.Select(j => j.Name));
        Assert.Same(historyAgain, ((RegisteredJournal)registry.All[0]).Current);
        Assert.Same(config, ((RegisteredJournal)registry.All[1]).Current);
        Assert.Equal(["history", "config", "history"], announced.Select(j => j.Name));
        Assert.Same(announced[0], announced[2]);
    }

    [Fact]
    public async Task ACallThatFailsWhileItsModuleRestarts_IsMadeAgainOnTheNewJournal()
    {
        // The pair's sync session reads a journal while its module restarts (a changed setting): the old journal's file is
        // already closed. The call goes on with the journal the restarted module registers, instead of ending the session.
        var registry = new JournalRegistry();
        registry.Register(new NamedJournal("history") { Origins = () => throw new InvalidOperationException("the journal's file is closed") });
        var handle = registry.All[0];

        var origins = handle.GetOriginsAsync(CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(origins.IsCompleted, "the call waits for the module to register its journal again");

        registry.Register(new NamedJournal("history") { Origins = () => ["node1"] });
        Assert.Equal(["node1"], await origins.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private sealed class NamedJournal(string name) : IJournal
    {
        public string Name { get; } = name;

        public event EventHandler<long>? Appended
        {
            add { }
            remove { }
        }

        public ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Func<IReadOnlyList<string>> Origins { get; init; } = () => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Origins());

        public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
