using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Reads which sequence spaces a journal holds, from the journal itself (what it durably holds).</summary>
internal static class JournalCatalog
{
    public static async ValueTask<IReadOnlyList<SequenceSpace>> ReadAsync(IJournal journal, CancellationToken cancellationToken)
    {
        var origins = await journal.GetOriginsAsync(cancellationToken);
        var spaces = new List<SequenceSpace>(origins.Count);
        foreach (var storedAs in origins)
        {
            var space = await ReadSpaceAsync(journal, storedAs, cancellationToken);
            if (space is not null)
                spaces.Add(space);
        }

        return spaces;
    }

    public static async ValueTask<SequenceSpace?> ReadSpaceAsync(IJournal journal, string storedAs, CancellationToken cancellationToken)
    {
        var last = await journal.GetLastSequenceAsync(storedAs, cancellationToken);
        if (last <= 0)
            return null;
        var first = await journal.ReadAsync(storedAs, 0, 1, cancellationToken);
        var lastRecords = await journal.ReadAsync(storedAs, last - 1, 1, cancellationToken);
        if (first.Count == 0 || lastRecords.Count == 0)
            return null;
        var epoch = RecordDigest.EpochOf(first[0]);
        var lastRecord = lastRecords[0];
        return new SequenceSpace(storedAs, new SpaceCursor(OriginOf(storedAs, epoch), epoch, last, lastRecord.Term, RecordDigest.Of(lastRecord)));
    }

    public static async ValueTask<JournalCursor> ReadCursorAsync(IJournal journal, CancellationToken cancellationToken)
    {
        var spaces = await ReadAsync(journal, cancellationToken);
        return new JournalCursor(journal.Name, spaces.Select(s => s.Cursor).ToList());
    }

    /// <summary>The name a diverged space of <paramref name="origin"/> is stored under.</summary>
    public static string AliasOf(string origin, string epoch) => origin + SyncProtocol.EpochSeparator + epoch;

    /// <summary>The origin of a space stored under <paramref name="storedAs"/>: the name without the <c>~epoch</c> suffix of an alias.</summary>
    public static string OriginOf(string storedAs, string epoch)
    {
        var suffix = SyncProtocol.EpochSeparator + epoch;
        return storedAs.EndsWith(suffix, StringComparison.Ordinal) && storedAs.Length > suffix.Length
            ? storedAs[..^suffix.Length]
            : storedAs;
    }
}
