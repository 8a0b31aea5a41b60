using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store: one SQLite file (WAL), values batched into transactions through prepared statements.
/// Each batch is also a record of the instance's stored-data journal (see <see cref="SqliteJournal"/>), so the
/// nodes of a redundant pair can keep each other's history. A composition of its parts: the connections
/// (<see cref="SqliteConnections"/>: one write connection, serialized; reads on their own pooled connections that never
/// wait for writes; the file opened on first use and reopened after a failure), this node's batches
/// (<see cref="SqliteBatchWriter"/>), the journal records (<see cref="SqliteJournalRecords"/>), the queries
/// (<see cref="SqliteQueries"/>) and retention (<see cref="SqliteRetention"/>); local and applied values both go in by
/// the same-time rule (<see cref="SameTimeRule"/>).
/// </summary>
internal sealed class SqliteHistoryStore : IHistoryStore
{
    private readonly SqliteConnections _connections;
    private readonly SameTimeRule _rule;
    private readonly SqliteBatchWriter _writer;
    private readonly SqliteJournalRecords _journal;
    private readonly SqliteQueries _queries;
    private readonly SqliteRetention _retention;

    /// <summary>Creates the store over a database file (nothing is opened yet).</summary>
    /// <remarks><paramref name="migrated"/> hears what the migration of a file of the first format did, if the file needed one.</remarks>
    public SqliteHistoryStore(string path, string localOrigin, Func<long> term, TimeProvider time, Func<RedundancyMode>? mode = null, Action<string>? migrated = null)
    {
        _connections = new SqliteConnections(path, localOrigin, time, migrated);
        _rule = new SameTimeRule(_connections, mode ?? (static () => RedundancyMode.Standalone));
        _writer = new SqliteBatchWriter(_connections, _rule, term, time);
        _journal = new SqliteJournalRecords(_connections, _rule);
        _queries = new SqliteQueries(_connections, _rule);
        _retention = new SqliteRetention(_connections);
    }

    /// <summary>The database file.</summary>
    public string Path => _connections.Path;

    /// <summary>This node's name: the origin of the records written here.</summary>
    public string LocalOrigin => _connections.LocalOrigin;

    /// <summary>The sequence of this node's last journal record (0 if none yet).</summary>
    public long LastLocalSequence => _connections.LastLocalSequence;

    /// <inheritdoc />
    public string Description => $"sqlite {Path}";

    /// <summary>Stored values not yet sealed into chunks (each also in its record in the file).</summary>
    public long ValuesInMemory => _connections.Chunks.Values;

    /// <summary>What the migration of a file of the first format did when the file was opened, or null.</summary>
    public string? Migrated => _connections.Migrated;

    /// <summary>Different values of one tag at one source time settled by the rule (<see cref="ValueRank"/>) since the start.</summary>
    public long ConflictsResolved => _rule.ConflictsResolved;

    /// <summary>Raised after a batch of local values was committed (the argument: its journal sequence).</summary>
    public event EventHandler<long>? Appended;

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return AppendLocalAsync(values, forwarded, cancellationToken).AsTask();
    }

    /// <summary>Writes a batch of local values as the next journal record; returns its sequence (0 for an empty batch).</summary>
    public async ValueTask<long> AppendLocalAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        var sequence = await _writer.AppendLocalAsync(values, forwarded, cancellationToken);
        if (sequence > 0)
            Appended?.Invoke(this, sequence);
        return sequence;
    }

    /// <summary>Applies other nodes' journal records in one transaction; records already held are skipped. Returns how many were new.</summary>
    public ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken) =>
        _journal.ApplyAsync(records, cancellationToken);

    /// <summary>Discards every journal record and the values they hold (the overwrite on a new pairing); see <see cref="SqliteJournalRecords.ClearAsync"/>.</summary>
    public ValueTask ClearAsync(CancellationToken cancellationToken) =>
        _journal.ClearAsync(cancellationToken);

    /// <summary>The origins whose records the journal holds.</summary>
    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken) =>
        _journal.GetOriginsAsync(cancellationToken);

    /// <summary>The highest sequence held from an origin, 0 if none.</summary>
    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken) =>
        _journal.GetLastSequenceAsync(origin, cancellationToken);

    /// <summary>Journal records of an origin after a sequence, in order, with their values re-encoded from the stored rows.</summary>
    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        _journal.ReadAsync(origin, afterSequence, maxCount, cancellationToken);

    /// <inheritdoc />
    public Task<BufferPosition?> GetForwardedPositionAsync(CancellationToken cancellationToken) =>
        _writer.GetForwardedPositionAsync(cancellationToken);

    /// <inheritdoc />
    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken) =>
        QueryRawAsync(tag, from, to, limit, cursor, includeSuperseded: false, cancellationToken);

    /// <inheritdoc />
    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken) =>
        _queries.QueryRawAsync(tag, from, to, limit, cursor, includeSuperseded, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken) =>
        _queries.QueryAggregatesAsync(tag, from, to, interval, cancellationToken);

    /// <inheritdoc />
    public Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken) =>
        _queries.QueryLatestAsync(tag, cancellationToken);

    /// <summary>Every value of a tag in the range with the node that made it and its term (an audit; see <see cref="SqliteQueries.QueryProvenanceAsync"/>).</summary>
    public Task<IReadOnlyList<StoredValue>> QueryProvenanceAsync(string tag, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        _queries.QueryProvenanceAsync(tag, from, to, cancellationToken);

    /// <summary>Deletes values older than <paramref name="cutoff"/> in chunks of <paramref name="chunk"/> rows; see <see cref="SqliteRetention"/>.</summary>
    public Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, int chunk, CancellationToken cancellationToken) =>
        _retention.DeleteOlderThanAsync(cutoff, chunk, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connections.DisposeAsync();
}
