namespace N3Host.Plugins.Historian.Losses;

/// <summary>Why values did not reach the store: the reasons the historian counts in its <c>losses.json</c>.</summary>
internal static class LossReason
{
    /// <summary>The store failed and the store-and-forward buffer was at its <c>bufferLimitBytes</c>.</summary>
    public const string BufferFull = "bufferFull";

    /// <summary>The disk was full and the values did not fit in memory (<c>memoryLimitValues</c>).</summary>
    public const string DiskFull = "diskFull";

    /// <summary>The data folder was read-only and the values did not fit in memory.</summary>
    public const string ReadOnly = "readOnly";

    /// <summary>The historian stopped or restarted while values waited in memory for the disk.</summary>
    public const string Restarting = "restarting";

    /// <summary>Another disk error while the store failed too.</summary>
    public const string DiskError = "diskError";
}
