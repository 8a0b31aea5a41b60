using System.Text.Json;

namespace N3Host.Plugins.Links;

/// <summary>
/// The receipts file of <see cref="ReceiptJournal"/>: one JSON line per record (<see cref="StoredReceipt"/>), read in
/// whole lines, its torn last line cut off at start, and rewritten by a compaction.
/// </summary>
internal static class ReceiptFile
{
    /// <summary>
    /// Rewrites the file with only what is still needed: per origin its first record (it names the sequence space for the
    /// sync) and its last (the resume point, <paramref name="lastByOrigin"/>), and per origin and stream the receipt with
    /// the highest high water. The new file replaces the old one atomically (a crash leaves one or the other).
    /// </summary>
    public static void Compact(string path, long length, Dictionary<string, long> lastByOrigin)
    {
        var keep = new HashSet<(string Origin, long Sequence)>();
        var best = new Dictionary<(string Origin, Guid Stream), (long HighWater, long Sequence)>();
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, line) in Lines(file, 0, length))
            {
                if (Parse(path, line.Span) is not { } stored)
                {
                    continue;
                }

                if (seen.Add(stored.Origin) || stored.Sequence == lastByOrigin.GetValueOrDefault(stored.Origin))
                {
                    keep.Add((stored.Origin, stored.Sequence));
                }

                if (JsonSerializer.Deserialize<ReceiptRecord>(stored.Payload) is not { } receipt)
                {
                    keep.Add((stored.Origin, stored.Sequence));
                }
                else if (!best.TryGetValue((stored.Origin, receipt.Stream), out var held) || receipt.HighWater > held.HighWater)
                {
                    best[(stored.Origin, receipt.Stream)] = (receipt.HighWater, stored.Sequence);
                }
            }

            foreach (var ((origin, _), (_, sequence)) in best)
            {
                keep.Add((origin, sequence));
            }

            var temp = path + ".compact";
            using (var compacted = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                foreach (var (_, line) in Lines(file, 0, length))
                {
                    if (Parse(path, line.Span) is { } stored && keep.Contains((stored.Origin, stored.Sequence)))
                    {
                        compacted.Write(line.Span);
                        compacted.WriteByte((byte)'\n');
                    }
                }

                compacted.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
    }

    /// <summary>One line as a record; null for an empty line. A damaged line throws, naming the file.</summary>
    public static StoredReceipt? Parse(string path, ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredReceipt>(line);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the link receipts file '{path}' has a damaged line ({ex.Message}); move it away to start afresh (senders then resend what they still buffer)", ex);
        }
    }

    /// <summary>The whole lines between two offsets of the file (without their newline), with their offsets; valid until the next one.</summary>
    public static IEnumerable<(long Offset, ReadOnlyMemory<byte> Line)> Lines(FileStream file, long from, long to)
    {
        var buffer = new byte[64 << 10];
        var filled = 0;
        var bufferStart = from;
        file.Position = from;
        while (true)
        {
            var wanted = (int)Math.Min(buffer.Length - filled, to - (bufferStart + filled));
            var read = wanted > 0 ? file.Read(buffer, filled, wanted) : 0;
            filled += read;
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', start, filled - start)) >= 0)
            {
                yield return (bufferStart + start, buffer.AsMemory(start, newline - start));
                start = newline + 1;
            }

            if (read == 0)
            {
                yield break;
            }

            if (start == 0 && filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
            bufferStart += start;
        }
    }

    /// <summary>A crash in the middle of a write leaves a last line without its newline: it is cut off (its sender resends it).</summary>
    public static void CutTornTail(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var length = file.Length;
        var end = length;
        while (end > 0)
        {
            file.Position = end - 1;
            if (file.ReadByte() == '\n')
            {
                break;
            }

            end--;
        }

        if (end != length)
        {
            file.SetLength(end);
        }
    }
}
