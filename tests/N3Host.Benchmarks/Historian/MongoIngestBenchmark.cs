using System.Diagnostics;
using MongoDB.Bson;
using MongoDB.Driver;
using N3Host.Plugins.Historian.MongoDb;
using N3Host.Plugins.Historian.Options;

namespace N3Host.Benchmarks.Historian;

/// <summary>
/// MongoDB ingest through the historian's store against the driver's own unordered insertMany of the same documents
/// (ObjectId ids, same index) on the same server, when <c>N3HOST_MONGODB_URI</c> names one.
/// </summary>
internal static class MongoIngestBenchmark
{
    public static async Task RunAsync(int rows, int rounds)
    {
        var uri = Environment.GetEnvironmentVariable("N3HOST_MONGODB_URI");
        if (string.IsNullOrWhiteSpace(uri))
        {
            Console.WriteLine("historian mongodb ingest: skipped (set N3HOST_MONGODB_URI to a MongoDB server to measure it)");
            return;
        }

        var data = BenchData.Rows(rows);
        using var client = new MongoClient(uri);
        var historian = new List<double>();
        var raw = new List<double>();
        for (var round = 0; round <= rounds; round++)
        {
            var database = $"n3host_bench_{Guid.NewGuid():N}";
            try
            {
                var rawCollection = client.GetDatabase(database).GetCollection<BsonDocument>("raw");
                await rawCollection.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("tag").Ascending("ticks")));
                var watch = Stopwatch.StartNew();
                for (var start = 0; start < data.Count; start += 1000)
                {
                    var documents = data.GetRange(start, Math.Min(1000, data.Count - start)).Select(v =>
                    {
                        var d = MongoDocuments.ToDocument(v);
                        d["_id"] = ObjectId.GenerateNewId();
                        return d;
                    });
                    await rawCollection.InsertManyAsync(documents, new InsertManyOptions { IsOrdered = false });
                }

                var tRaw = watch.Elapsed.TotalSeconds;
                await using var store = MongoHistoryStore.Create(new MongoDbOptions { ConnectionString = uri, Database = database, Collection = "history" });
                await store.WriteAsync([data[0]], null, default); // creates the collection and index outside the timing
                watch.Restart();
                for (var start = 1; start < data.Count; start += 1000)
                    await store.WriteAsync(data.GetRange(start, Math.Min(1000, data.Count - start)), null, default);
                var tStore = watch.Elapsed.TotalSeconds;
                if (round > 0)
                {
                    raw.Add(rows / tRaw);
                    historian.Add(rows / tStore);
                }
            }
            finally
            {
                await client.DropDatabaseAsync(database);
            }
        }

        var h = Median.Of(historian);
        var r = Median.Of(raw);
        Console.WriteLine($"historian mongodb ingest: {rows:N0} rows, batches of 1 000, median of {rounds} rounds");
        Console.WriteLine($"  historian store     {h,12:N0} values/s");
        Console.WriteLine($"  raw insertMany      {r,12:N0} docs/s   ratio historian/raw = {h / r:0.00}");
    }
}
