using Microsoft.Data.Sqlite;
using N3Host.Plugins.Historian.Chunks;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>
/// A tag's stored values in time order, read lazily from its chunks (sealed rows and copies of those in memory) and
/// settled by <see cref="SameTimeRule"/> one source time at a time: at a time, values in the order they were stored, an exact
/// repeat left out, and of different origins only the best ranked one's shown (the others marked superseded).
/// </summary>
internal static class TagHistory
{
    /// <summary>One value at its time, as the rule settled it, with the origin (id) that made it and its record's term.</summary>
    public readonly record struct Settled(ChunkValue Value, bool Superseded, long Origin, long Term);

    /// <summary>
    /// The values with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>, a time at a time (the list of a time is
    /// reused for the next: read it before moving on). The chunks of the tag
    /// in memory are copied first, then the rows are read in one read transaction (<paramref name="connection"/>), so a chunk
    /// sealed in between is read once: its row, which holds every value its copy held.
    /// </summary>
    public static IEnumerable<(long Ticks, List<Settled> Values)> Read(
        SqliteConnection connection, long tag, List<ChunkData> inMemory, long from, long to, SameTimeRule rule)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var copies = WithoutSealed(connection, transaction, tag, inMemory);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT {SqliteChunkReader.Columns} FROM chunks
            WHERE tag = $tag AND first_time >= $early AND first_time < $to AND last_time >= $from ORDER BY first_time
            """;
        command.Parameters.AddWithValue("$tag", tag);
        command.Parameters.AddWithValue("$early", from - ChunkLimits.MaxSpanTicks);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        foreach (var group in Settle(Merge(Rows(reader), copies.Where(c => c.LastTicks >= from && c.FirstTicks < to).OrderBy(c => c.FirstTicks)), from, to, rule))
            yield return group;
    }

    /// <summary>The latest source time of the tag's values, or null if it has none.</summary>
    public static long? LatestTicks(SqliteConnection connection, long tag, List<ChunkData> inMemory)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(last_time) FROM chunks WHERE tag = $tag AND first_time >= (SELECT MAX(first_time) FROM chunks WHERE tag = $tag) - $span";
        command.Parameters.AddWithValue("$tag", tag);
        command.Parameters.AddWithValue("$span", ChunkLimits.MaxSpanTicks);
        long? latest = command.ExecuteScalar() is long max ? max : null;
        foreach (var chunk in inMemory)
            latest = Math.Max(latest ?? long.MinValue, chunk.LastTicks);
        return latest;
    }

    private static List<ChunkData> WithoutSealed(SqliteConnection connection, SqliteTransaction transaction, long tag, List<ChunkData> copies)
    {
        if (copies.Count == 0)
            return copies;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT origin, first_record, first_pos FROM chunks WHERE last_record >= $first AND tag = $tag";
        command.Parameters.AddWithValue("$first", copies.Min(c => c.FirstRecord));
        command.Parameters.AddWithValue("$tag", tag);
        using var reader = command.ExecuteReader();
        var sealedNow = new HashSet<(long, long, int)>();
        while (reader.Read())
            sealedNow.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
        return copies.Where(c => !sealedNow.Contains((c.Origin, c.FirstRecord, c.FirstPosition))).ToList();
    }

    private static IEnumerable<ChunkData> Rows(SqliteDataReader reader)
    {
        while (reader.Read())
            yield return SqliteChunkReader.Read(reader);
    }

    /// <summary>Two sequences of chunks, each ordered by first time, as one.</summary>
    private static IEnumerable<ChunkData> Merge(IEnumerable<ChunkData> a, IEnumerable<ChunkData> b)
    {
        using var x = a.GetEnumerator();
        using var y = b.GetEnumerator();
        bool hasX = x.MoveNext(), hasY = y.MoveNext();
        while (hasX || hasY)
        {
            if (hasX && (!hasY || x.Current.FirstTicks <= y.Current.FirstTicks))
            {
                yield return x.Current;
                hasX = x.MoveNext();
            }
            else
            {
                yield return y.Current;
                hasY = y.MoveNext();
            }
        }
    }

    private readonly record struct Entry(ChunkValue Value, long Origin, long Term);

    /// <summary>The values of chunks ordered by first time, a time at a time, each time complete and settled.</summary>
    private static IEnumerable<(long Ticks, List<Settled> Values)> Settle(IEnumerable<ChunkData> chunks, long from, long to, SameTimeRule rule)
    {
        var heap = new PriorityQueue<Entry, (long Ticks, long FirstRecord, int FirstPosition, int Index)>();
        using var next = chunks.GetEnumerator();
        var pending = next.MoveNext();
        var decoded = new List<ChunkValue>();
        var group = new List<Entry>();
        var settled = new List<Settled>();
        while (true)
        {
            if (heap.Count == 0 && pending)
            {
                var chunk = next.Current;
                decoded.Clear();
                ChunkDecoder.Decode(chunk.Data, chunk.Count, decoded);
                pending = next.MoveNext();
                if (InTimeOrder(decoded) && (!pending || next.Current.FirstTicks > chunk.LastTicks))
                {
                    // The usual chunk: in time order and alone in its time span. Its values go out as they are.
                    var i = 0;
                    while (i < decoded.Count)
                    {
                        var at = decoded[i].Ticks;
                        group.Clear();
                        for (; i < decoded.Count && decoded[i].Ticks == at; i++)
                            group.Add(new Entry(decoded[i], chunk.Origin, chunk.Term));
                        if (at >= from && at < to)
                            yield return (at, SettleOne(group, rule, settled));
                    }

                    continue;
                }

                Enqueue(heap, chunk, decoded, from, to);
            }

            // A value may go out once no chunk still unread can start at or before its time.
            while (pending && heap.Count > 0 && next.Current.FirstTicks <= heap.Peek().Value.Ticks)
            {
                decoded.Clear();
                ChunkDecoder.Decode(next.Current.Data, next.Current.Count, decoded);
                Enqueue(heap, next.Current, decoded, from, to);
                pending = next.MoveNext();
            }

            if (heap.Count == 0)
            {
                if (!pending)
                    yield break;
                continue;
            }

            var ticks = heap.Peek().Value.Ticks;
            group.Clear();
            while (heap.Count > 0 && heap.Peek().Value.Ticks == ticks)
                group.Add(heap.Dequeue());
            yield return (ticks, SettleOne(group, rule, settled));
        }
    }

    private static bool InTimeOrder(List<ChunkValue> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i].Ticks < values[i - 1].Ticks)
                return false;
        }

        return true;
    }

    private static void Enqueue(PriorityQueue<Entry, (long Ticks, long FirstRecord, int FirstPosition, int Index)> heap, ChunkData chunk, List<ChunkValue> values, long from, long to)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (v.Ticks >= from && v.Ticks < to)
                heap.Enqueue(new Entry(v, chunk.Origin, chunk.Term), (v.Ticks, chunk.FirstRecord, chunk.FirstPosition, i));
        }
    }

    /// <summary>The values of one time as the rule shows them, into <paramref name="settled"/> (cleared first).</summary>
    private static List<Settled> SettleOne(List<Entry> group, SameTimeRule rule, List<Settled> settled)
    {
        settled.Clear();
        if (group.Count == 1)
        {
            // The usual time: one value.
            var only = group[0];
            settled.Add(new Settled(only.Value, false, only.Origin, only.Term));
            return settled;
        }

        // Distinct values in the order stored (an exact repeat once), and whether more than one origin made them.
        var first = group[0];
        var best = first;
        var oneOrigin = true;
        for (var i = 0; i < group.Count; i++)
        {
            var e = group[i];
            var repeat = false;
            for (var j = 0; j < i && !repeat; j++)
                repeat = group[j].Value.SameValueAs(e.Value);
            if (repeat)
                continue;
            settled.Add(new Settled(e.Value, false, e.Origin, e.Term));
            oneOrigin &= e.Origin == first.Origin;
            if (rule.RankOf(e.Origin, e.Term).Beats(rule.RankOf(best.Origin, best.Term)))
                best = e;
        }

        if (!oneOrigin)
        {
            for (var i = 0; i < settled.Count; i++)
                settled[i] = settled[i] with { Superseded = settled[i].Origin != best.Origin };
        }

        return settled;
    }
}
