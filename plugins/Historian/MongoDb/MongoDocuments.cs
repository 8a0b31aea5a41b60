using System.Buffers.Binary;
using System.Security.Cryptography;
using MongoDB.Bson;
using N3Host.Contracts;

namespace N3Host.Plugins.Historian.MongoDb;

/// <summary>
/// How a value is stored in MongoDB: <c>{ _id, tag, time, ticks, value, kind, quality, text?, term, primary }</c>. The
/// <c>_id</c> is a hash of the tag and its exact source time, so a value replayed after a failover or a buffer drain is the
/// same document (a duplicate key), never a second one; <c>term</c> and <c>primary</c> rank a different value at the same
/// tag and time (<see cref="Store.ValueRank"/>).
/// </summary>
internal static class MongoDocuments
{
    /// <summary>The document for a value.</summary>
    public static BsonDocument ToDocument(TagValue value) => ToDocument(value, default);

    /// <summary>The document for a value made with this rank.</summary>
    public static BsonDocument ToDocument(TagValue value, Store.ValueRank rank)
    {
        var document = new BsonDocument
        {
            { "_id", Id(value.Path, value.SourceTime.UtcTicks) },
            { "tag", value.Path },
            { "time", new BsonDateTime(value.SourceTime.UtcDateTime) },
            { "ticks", value.SourceTime.UtcTicks },
            { "value", value.Number },
            { "kind", (int)value.Kind },
            { "quality", (int)value.Quality },
        };
        if (value.Kind == TagValueKind.Text)
            document.Add("text", value.Text ?? "");
        document.Add("term", rank.Term);
        document.Add("primary", rank.ByPrimary);
        return document;
    }

    /// <summary>The rank a stored document was written with (documents written before contracts 1.3 rank lowest).</summary>
    public static Store.ValueRank RankOf(BsonDocument document) =>
        new(document.GetValue("term", 0L).ToInt64(), document.GetValue("primary", false).ToBoolean());

    /// <summary>True if both documents hold the same value (value, kind, quality, text): a replay, not a conflict.</summary>
    public static bool SameValue(BsonDocument a, BsonDocument b) =>
        a["value"].ToDouble().Equals(b["value"].ToDouble()) && a["kind"] == b["kind"] && a["quality"] == b["quality"]
        && a.GetValue("text", BsonNull.Value) == b.GetValue("text", BsonNull.Value);

    /// <summary>The copy kept in the audit collection: its own id, the value's id in <c>valueId</c>.</summary>
    public static BsonDocument AsSuperseded(BsonDocument document)
    {
        var copy = document.DeepClone().AsBsonDocument;
        copy["valueId"] = document["_id"];
        copy["_id"] = ObjectId.GenerateNewId();
        return copy;
    }

    /// <summary>The value a document holds.</summary>
    public static TagValue FromDocument(string tag, BsonDocument document)
    {
        var kind = (TagValueKind)document["kind"].AsInt32;
        var text = kind == TagValueKind.Text && document.TryGetValue("text", out var t) ? t.AsString : null;
        return new TagValue(tag, kind, document["value"].ToDouble(), text, (TagQuality)document["quality"].AsInt32, new DateTimeOffset(document["ticks"].ToInt64(), TimeSpan.Zero));
    }

    /// <summary>The deterministic id of a tag's value at a source time: the first 16 bytes of SHA-256(UTF-8 tag, little-endian ticks): the same on every node and platform.</summary>
    public static BsonBinaryData Id(string tag, long ticks)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(tag) + 8];
        var length = System.Text.Encoding.UTF8.GetBytes(tag, bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(length), ticks);
        return new BsonBinaryData(SHA256.HashData(bytes)[..16], BsonBinarySubType.Binary);
    }
}
