namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Counters of one direction of a session, written by the session's loops and read by status.</summary>
internal sealed class DirectionCounters
{
    private long _planned = -1;
    private long _records;
    private long _bytes;
    private long _applied;
    private long _caughtUpAtTicks = -1;
    private long _caughtUpOffsetMinutes;

    public long Records => Interlocked.Read(ref _records);

    public long Applied => Interlocked.Read(ref _applied);

    public void SetPlanned(long records) => Interlocked.Exchange(ref _planned, records);

    /// <summary>The catch-up's progress in whole steps of <paramref name="percentStep"/> percent (-1 while the plan is unknown).</summary>
    public int ProgressStep(int percentStep)
    {
        var planned = Interlocked.Read(ref _planned);
        return planned <= 0 ? -1 : (int)(Math.Min(100, 100 * Records / planned) / percentStep);
    }

    public void Add(long records, long bytes)
    {
        Interlocked.Add(ref _records, records);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void AddApplied(long records) => Interlocked.Add(ref _applied, records);

    public void SetCaughtUp(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _caughtUpOffsetMinutes, (long)at.Offset.TotalMinutes);
        Interlocked.CompareExchange(ref _caughtUpAtTicks, at.UtcTicks, -1);
    }

    public SyncDirectionStatus Snapshot(bool countApplied)
    {
        var planned = Interlocked.Read(ref _planned);
        var ticks = Interlocked.Read(ref _caughtUpAtTicks);
        var caughtUp = ticks >= 0;
        var done = countApplied ? Applied : Records;
        double? percent = caughtUp ? 100
            : planned < 0 ? null
            : planned == 0 ? 100
            : Math.Round(Math.Min(99.9, 100.0 * done / planned), 1);
        DateTimeOffset? at = caughtUp
            ? new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(Interlocked.Read(ref _caughtUpOffsetMinutes)))
            : null;
        return new SyncDirectionStatus(planned < 0 ? null : planned, Records, Interlocked.Read(ref _bytes), Applied, percent, caughtUp, at);
    }
}
