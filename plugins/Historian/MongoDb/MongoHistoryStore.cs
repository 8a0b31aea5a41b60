using MongoDB.Bson;
using MongoDB.Driver;
using N3Host.Contracts;
using N3Host.Plugins.Historian.Buffer;
using N3Host.Plugins.Historian.Options;
using N3Host.Plugins.Historian.Queries;
using N3Host.Plugins.Historian.Store;

namespace N3Host.Plugins.Historian.MongoDb;

/// <summary>
/// The MongoDB store: unordered batched inserts of documents with deterministic ids (duplicate key errors on a
/// replay are expected and ignored), an index on (tag, ticks, _id); a time-series collection instead when the
/// <c>timeSeries</c> setting asks for one and the server supports it (5.0+). The collection and index are made on the
/// first write that reaches the server, so the module starts (and buffers) while the server is down.
/// </summary>
internal sealed class MongoHistoryStore : IHistoryStore
{
    private readonly MongoClient _client;
    private readonly IMongoDatabase _database;
    private readonly MongoDbOptions _options;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private IMongoCollection<BsonDocument>? _collection;
    private readonly Func<ValueRank> _rank;
    private long _conflicts;

    private MongoHistoryStore(MongoClient client, MongoDbOptions options, Func<ValueRank> rank)
    {
        _client = client;
        _options = options;
        _rank = rank;
        _database = client.GetDatabase(options.Database);
    }

    /// <summary>Different values of one tag at one source time settled by the rule (<see cref="ValueRank"/>) since the start.</summary>
    public long ConflictsResolved => Interlocked.Read(ref _conflicts);

    /// <summary>Where the values that lost by the rule are kept for an audit: <c>&lt;collection&gt;_superseded</c>.</summary>
    private IMongoCollection<BsonDocument> Superseded => _database.GetCollection<BsonDocument>(_options.Collection + "_superseded");

    /// <inheritdoc />
    public string Description => $"mongodb {_options.Database}.{_options.Collection}";

    /// <summary>True once the collection turned out to be a time-series collection.</summary>
    public bool IsTimeSeries { get; private set; }

    /// <summary>Creates the store (no connection is made until the first write or query).</summary>
    /// <param name="options">The settings.</param>
    /// <param name="rank">The rank of the values this node writes now: its term, and whether it is the pair's primary.</param>
    public static MongoHistoryStore Create(MongoDbOptions options, Func<ValueRank>? rank = null)
    {
        var settings = MongoClientSettings.FromConnectionString(options.ConnectionString);
        if (!options.ConnectionString.Contains("serverSelectionTimeoutMS", StringComparison.OrdinalIgnoreCase))
            settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5);
        if (!options.ConnectionString.Contains("connectTimeoutMS", StringComparison.OrdinalIgnoreCase))
            settings.ConnectTimeout = TimeSpan.FromSeconds(5);
        return new MongoHistoryStore(new MongoClient(settings), options, rank ?? (static () => default));
    }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<TagValue> values, BufferPosition? forwarded, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
            return;
        var rank = _rank();
        var documents = new List<BsonDocument>(values.Count);
        foreach (var value in values)
            documents.Add(MongoDocuments.ToDocument(value, rank));
        await RunAsync(
            async collection =>
            {
                try
                {
                    await collection.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = false }, cancellationToken);
                }
                catch (MongoBulkWriteException<BsonDocument> e) when (e.WriteConcernError is null && e.WriteErrors.All(w => w.Category == ServerErrorCategory.DuplicateKey))
                {
                    // A value there before: the same one (a replay) is there once; a different one is settled by the rule.
                    if (!IsTimeSeries)
                    {
                        foreach (var error in e.WriteErrors)
                            await SettleAsync(collection, documents[error.Index], rank, cancellationToken);
                    }
                }

                return 0;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<BufferPosition?> GetForwardedPositionAsync(CancellationToken cancellationToken) =>
        Task.FromResult<BufferPosition?>(null);

    /// <inheritdoc />
    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, bool includeSuperseded, CancellationToken cancellationToken)
    {
        if (includeSuperseded)
            return QueryAuditAsync(tag, from, to, limit, cursor, cancellationToken);
        return QueryRawAsync(tag, from, to, limit, cursor, cancellationToken);
    }

    /// <summary>The audit: the values that stayed and those that lost, by time (one page; the cursor is not used).</summary>
    private Task<HistoryPage> QueryAuditAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken)
    {
        QueryArguments.CheckRaw(tag, from, to, limit);
        if (cursor is not null)
            throw new ArgumentException("an audit query (includeSuperseded) on MongoDB returns one page: narrow the time range instead of passing a cursor", nameof(cursor));
        return RunAsync(
            async collection =>
            {
                var sort = Builders<BsonDocument>.Sort.Ascending("ticks");
                var kept = await collection.Find(RangeFilter(tag, from, to)).Sort(sort).Limit(limit).ToListAsync(cancellationToken);
                var lost = await Superseded.Find(RangeFilter(tag, from, to)).Sort(sort).Limit(limit).ToListAsync(cancellationToken);
                var samples = kept.Select(d => (Document: d, Superseded: false)).Concat(lost.Select(d => (Document: d, Superseded: true)))
                    .OrderBy(x => x.Document["ticks"].ToInt64()).ThenBy(x => x.Superseded).Take(limit)
                    .Select(x => (Value: MongoDocuments.FromDocument(tag, x.Document), x.Superseded))
                    .Select(x => new HistorySample(x.Value.SourceTime, x.Value) { Superseded = x.Superseded })
                    .ToList();
                return new HistoryPage(samples, null);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<HistoryPage> QueryRawAsync(string tag, DateTimeOffset from, DateTimeOffset to, int limit, string? cursor, CancellationToken cancellationToken)
    {
        QueryArguments.CheckRaw(tag, from, to, limit);
        var after = RawCursor.Parse(cursor);
        BsonBinaryData? afterId = null;
        if (after is { } a)
        {
            try
            {
                afterId = new BsonBinaryData(Convert.FromHexString(a.Key), BsonBinarySubType.Binary);
            }
            catch (FormatException)
            {
                throw new ArgumentException($"cursor '{cursor}' is not valid: pass the nextCursor of the previous page", nameof(cursor));
            }
        }

        return RunAsync(
            async collection =>
            {
                var f = Builders<BsonDocument>.Filter;
                var filter = RangeFilter(tag, from, to);
                if (after is { } c)
                    filter &= f.Or(f.Gt("ticks", c.Ticks), f.And(f.Eq("ticks", c.Ticks), f.Gt("_id", afterId)));
                var documents = await collection.Find(filter)
                    .Sort(Builders<BsonDocument>.Sort.Ascending("ticks").Ascending("_id"))
                    .Limit(limit + 1)
                    .ToListAsync(cancellationToken);
                var more = documents.Count > limit;
                var samples = documents.Take(limit).Select(d => MongoDocuments.FromDocument(tag, d)).Select(v => new HistorySample(v.SourceTime, v)).ToList();
                var next = more
                    ? new RawCursor(samples[^1].Time.UtcTicks, Convert.ToHexString(documents[limit - 1]["_id"].AsBsonBinaryData.Bytes)).ToString()
                    : null;
                return new HistoryPage(samples, next);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HistoryAggregate>> QueryAggregatesAsync(string tag, DateTimeOffset from, DateTimeOffset to, TimeSpan interval, CancellationToken cancellationToken)
    {
        QueryArguments.CheckAggregates(tag, from, to, interval);
        return RunAsync(
            async collection =>
            {
                var builder = new AggregateBuilder(from, interval);
                var projection = Builders<BsonDocument>.Projection.Include("ticks").Include("value").Include("kind").Include("quality");
                using var cursor = await collection.Find(RangeFilter(tag, from, to))
                    .Sort(Builders<BsonDocument>.Sort.Ascending("ticks").Ascending("_id"))
                    .Project(projection)
                    .ToCursorAsync(cancellationToken);
                while (await cursor.MoveNextAsync(cancellationToken))
                {
                    foreach (var d in cursor.Current)
                    {
                        if (AggregateBuilder.Counts((TagValueKind)d["kind"].AsInt32, (TagQuality)d["quality"].AsInt32))
                            builder.Add(d["ticks"].ToInt64(), d["value"].ToDouble());
                    }
                }

                return builder.Complete();
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<HistorySample?> QueryLatestAsync(string tag, CancellationToken cancellationToken)
    {
        QueryArguments.CheckTag(tag);
        return RunAsync<HistorySample?>(
            async collection =>
            {
                var document = await collection.Find(Builders<BsonDocument>.Filter.Eq("tag", tag))
                    .Sort(Builders<BsonDocument>.Sort.Descending("ticks").Descending("_id"))
                    .Limit(1)
                    .FirstOrDefaultAsync(cancellationToken);
                if (document is null)
                    return null;
                var value = MongoDocuments.FromDocument(tag, document);
                return new HistorySample(value.SourceTime, value);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _setup.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A value whose tag and time are taken: nothing if it is the same value; otherwise the higher rank stays in the collection
    /// and the other goes to the audit collection.
    /// </summary>
    private async Task SettleAsync(IMongoCollection<BsonDocument> collection, BsonDocument document, ValueRank rank, CancellationToken cancellationToken)
    {
        var f = Builders<BsonDocument>.Filter;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await collection.Find(f.Eq("_id", document["_id"])).FirstOrDefaultAsync(cancellationToken);
            if (existing is null)
            {
                await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
                return;
            }

            if (MongoDocuments.SameValue(existing, document))
                return;
            var stored = MongoDocuments.RankOf(existing);
            if (!rank.Beats(stored))
            {
                Interlocked.Increment(ref _conflicts);
                await Superseded.InsertOneAsync(MongoDocuments.AsSuperseded(document), cancellationToken: cancellationToken);
                return;
            }

            // Replace only the document just read (another node may be settling the same value).
            var replaced = await collection.ReplaceOneAsync(f.Eq("_id", existing["_id"]) & f.Eq("term", existing.GetValue("term", 0L)) & f.Eq("value", existing["value"]),
                document, cancellationToken: cancellationToken);
            if (replaced.ModifiedCount == 1)
            {
                Interlocked.Increment(ref _conflicts);
                await Superseded.InsertOneAsync(MongoDocuments.AsSuperseded(existing), cancellationToken: cancellationToken);
                return;
            }
        }
    }

    private static FilterDefinition<BsonDocument> RangeFilter(string tag, DateTimeOffset from, DateTimeOffset to)
    {
        var f = Builders<BsonDocument>.Filter;

        // "time" (millisecond dates) narrows time-series buckets; "ticks" is exact.
        return f.Eq("tag", tag)
            & f.Gte("time", new BsonDateTime(from.UtcDateTime.AddMilliseconds(-1)))
            & f.Lte("time", new BsonDateTime(to.UtcDateTime.AddMilliseconds(1)))
            & f.Gte("ticks", from.UtcTicks)
            & f.Lt("ticks", to.UtcTicks);
    }

    private async Task<T> RunAsync<T>(Func<IMongoCollection<BsonDocument>, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work(await CollectionAsync(cancellationToken));
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            throw new HistoryStoreException($"MongoDB store {_options.Database}.{_options.Collection}: {e.Message}", e);
        }
    }

    private async Task<IMongoCollection<BsonDocument>> CollectionAsync(CancellationToken cancellationToken)
    {
        if (_collection is { } ready)
            return ready;
        await _setup.WaitAsync(cancellationToken);
        try
        {
            if (_collection is { } again)
                return again;
            var existing = await (await _database.ListCollectionNamesAsync(
                new ListCollectionNamesOptions { Filter = new BsonDocument("name", _options.Collection) }, cancellationToken)).ToListAsync(cancellationToken);
            if (existing.Count == 0)
                await CreateCollectionAsync(cancellationToken);
            var collection = _database.GetCollection<BsonDocument>(_options.Collection);
            var keys = Builders<BsonDocument>.IndexKeys.Ascending("tag").Ascending("ticks");
            if (!IsTimeSeries)
                keys = keys.Ascending("_id");
            await collection.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(keys, new CreateIndexOptions { Name = "tag_ticks" }), cancellationToken: cancellationToken);
            _collection = collection;
            return collection;
        }
        finally
        {
            _setup.Release();
        }
    }

    private async Task CreateCollectionAsync(CancellationToken cancellationToken)
    {
        var options = new CreateCollectionOptions();
        if (_options.TimeSeries && await ServerMajorVersionAsync(cancellationToken) >= 5)
        {
            options.TimeSeriesOptions = new TimeSeriesOptions("time", "tag", TimeSeriesGranularity.Seconds);
            IsTimeSeries = true;
        }

        try
        {
            await _database.CreateCollectionAsync(_options.Collection, options, cancellationToken);
        }
        catch (MongoCommandException e) when (e.Code == 48)
        {
            // NamespaceExists: the other node of a pair made it first.
        }
    }

    private async Task<int> ServerMajorVersionAsync(CancellationToken cancellationToken)
    {
        var info = await _client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1), cancellationToken: cancellationToken);
        var version = info.GetValue("version", "0").AsString;
        return int.TryParse(version.Split('.')[0], out var major) ? major : 0;
    }
}
