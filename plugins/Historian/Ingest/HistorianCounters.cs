namespace N3Host.Plugins.Historian.Ingest;

/// <summary>What an instance has done since it started, for its status section (values lost: <see cref="N3Host.Contracts.Storage.LossCounter"/>, kept across restarts).</summary>
internal sealed class HistorianCounters
{
    private long _received;
    private long _filtered;
    private long _stored;

    /// <summary>Values taken from the tag bus.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Values left out by the deadband.</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Values the store took.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>The last store or buffer error, if any since the last success.</summary>
    public string? LastError { get; set; }

    /// <summary>When the store last took values.</summary>
    public DateTimeOffset? LastStored { get; set; }

    /// <summary>Counts a received value.</summary>
    public void AddReceived(long n) => Interlocked.Add(ref _received, n);

    /// <summary>Counts values left out by the deadband.</summary>
    public void AddFiltered(long n) => Interlocked.Add(ref _filtered, n);

    /// <summary>Counts stored values.</summary>
    public void AddStored(long n) => Interlocked.Add(ref _stored, n);
}
