using N3Host.Contracts;
using N3Host.Contracts.Storage;
using N3Host.Plugins.Historian.Storage;
using N3Host.Plugins.Historian.Encoding;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// The embedded store seen as a stored-data journal: one record per written batch (payload: the batch's values,
/// <see cref="ValueBatchCodec"/>). Registered when the module is constructed, so a standby node applies the
/// active node's records while its historian is stopped.
/// </summary>
internal sealed class SqliteJournal : IJournal
{
    private readonly SqliteHistoryStore _store;

    /// <summary>Creates the journal <c>historian/&lt;instance&gt;</c> over the store.</summary>
    public SqliteJournal(string instance, SqliteHistoryStore store)
    {
        Name = NameOf(instance);
        _store = store;
        _store.Appended += (_, sequence) => Appended?.Invoke(this, sequence);
    }

    /// <inheritdoc />
    /// <summary>The journal name of a historian instance.</summary>
    public static string NameOf(string instance) => $"historian/{instance}";

    public string Name { get; }

    /// <inheritdoc />
    public event EventHandler<long>? Appended;

    /// <inheritdoc />
    public async ValueTask<long> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var values = ValueBatchCodec.Decode(payload.Span);
        if (values.Count == 0)
            throw new ArgumentException("a historian journal record holds at least one value", nameof(payload));
        return await _store.AppendLocalAsync(values, null, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A full or read-only disk throws <see cref="StorageConditionException"/>, so the sync holds the records and tries again.</remarks>
    public async ValueTask<int> ApplyAsync(IReadOnlyList<JournalRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.ApplyAsync(records, cancellationToken);
        }
        catch (Exception e) when (e is not StorageConditionException && StoreErrors.Classify(e, System.IO.Path.GetDirectoryName(_store.Path) ?? _store.Path) is { } condition)
        {
            throw new StorageConditionException(condition, e);
        }
    }

    /// <inheritdoc />
    public ValueTask ClearAsync(CancellationToken cancellationToken) =>
        _store.ClearAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> GetLastSequenceAsync(string origin, CancellationToken cancellationToken) =>
        _store.GetLastSequenceAsync(origin, cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> GetOriginsAsync(CancellationToken cancellationToken) =>
        _store.GetOriginsAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<JournalRecord>> ReadAsync(string origin, long afterSequence, int maxCount, CancellationToken cancellationToken) =>
        _store.ReadAsync(origin, afterSequence, maxCount, cancellationToken);
}
