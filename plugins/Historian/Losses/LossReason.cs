namespace N3Host.Plugins.Historian.Losses;

/// <summary>Why values did not reach the store.</summary>
internal enum LossReason
{
    /// <summary>The store failed and the store-and-forward buffer was at its <c>bufferLimitBytes</c>.</summary>
    BufferFull,

    /// <summary>The disk was full and the values did not fit in memory (<c>memoryLimitValues</c>).</summary>
    DiskFull,

    /// <summary>The data folder was read-only and the values did not fit in memory.</summary>
    ReadOnly,

    /// <summary>The historian stopped or restarted while values waited in memory for the disk.</summary>
    Restarting,

    /// <summary>Another disk error while the store failed too.</summary>
    DiskError,
}
