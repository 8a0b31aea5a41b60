using N3Host.Contracts.Storage;

namespace N3Host.Plugins.Links;

/// <summary>
/// What <see cref="DiskBuffer.Open"/> finds in the buffer's folder: the segments after the acknowledged sequence, each
/// read through to its last whole record in sequence (a torn or damaged end is cut off, or only noted on a read-only
/// disk); empty or fully acknowledged segments are deleted.
/// </summary>
internal sealed class BufferRecovery
{
    private BufferRecovery()
    {
    }

    /// <summary>The segments kept, oldest first, all closed.</summary>
    public List<BufferSegment> Segments { get; } = [];

    /// <summary>The bytes of the segments kept.</summary>
    public long Bytes { get; private set; }

    /// <summary>The last sequence found (the acknowledged one if no segment is kept).</summary>
    public long LastSequence { get; private set; }

    /// <summary>What recovery cut off a damaged segment, for the log; null if nothing.</summary>
    public string? Note { get; private set; }

    /// <summary>Reads the segments of <paramref name="directory"/>; records up to <paramref name="acknowledged"/> are no longer needed.</summary>
    public static BufferRecovery Scan(string directory, int maxRecordBytes, long acknowledged)
    {
        var recovered = new BufferRecovery { LastSequence = acknowledged };
        var notes = new List<string>();
        var header = new byte[BufferRecord.HeaderBytes];
        foreach (var path in System.IO.Directory.GetFiles(directory, "*.seg").Order(StringComparer.Ordinal))
        {
            if (!long.TryParse(Path.GetFileNameWithoutExtension(path), out var first) || first <= 0)
            {
                notes.Add($"ignored '{Path.GetFileName(path)}' (not a segment name)");
                continue;
            }

            var segment = new BufferSegment(path, first) { Closed = true };
            using (var stream = OpenForRecovery(path))
            {
                long offset = 0;
                var expected = first;
                while (offset + BufferRecord.HeaderBytes <= stream.Length)
                {
                    stream.Position = offset;
                    stream.ReadExactly(header);
                    var (sequence, valueLength) = BufferRecord.ReadHeader(header);
                    var end = offset + BufferRecord.HeaderBytes + valueLength;
                    if (sequence != expected || valueLength < 0 || BufferRecord.HeaderBytes + valueLength > maxRecordBytes || end > stream.Length)
                    {
                        break;
                    }

                    expected++;
                    offset = end;
                }

                if (offset != stream.Length && !stream.CanWrite)
                {
                    notes.Add($"{stream.Length - offset} damaged bytes at the end of '{Path.GetFileName(path)}' not read (read-only; cut at the next start that can write)");
                }
                else if (offset != stream.Length)
                {
                    notes.Add($"cut {stream.Length - offset} damaged bytes off '{Path.GetFileName(path)}'");
                    stream.SetLength(offset);
                }

                segment.Length = offset;
                segment.LastSequence = expected - 1;
            }

            if (segment.Length == 0 || segment.LastSequence <= acknowledged)
            {
                StorageProbe.TryDelete(path);
                continue;
            }

            recovered.Segments.Add(segment);
            recovered.Bytes += segment.Length;
            recovered.LastSequence = Math.Max(recovered.LastSequence, segment.LastSequence);
        }

        recovered.Note = notes.Count == 0 ? null : string.Join("; ", notes);
        return recovered;
    }

    /// <summary>A segment to recover: for reading and cutting, or for reading only on a read-only disk.</summary>
    private static FileStream OpenForRecovery(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && StorageProbe.Classify(e, path) is { Kind: StorageConditionKind.ReadOnly }))
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
    }
}
