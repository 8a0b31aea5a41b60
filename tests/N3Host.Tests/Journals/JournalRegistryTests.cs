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

        Assert.Equal([historyAgain, config], registry.All);
        Assert.Equal([history, config, historyAgain], announced);
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

        public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
