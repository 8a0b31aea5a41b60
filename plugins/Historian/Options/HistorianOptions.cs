namespace N3Host.Plugins.Historian.Options;

/// <summary>A historian instance's settings (the <c>settings</c> object in modules.json). Defaults live here, once.</summary>
public sealed class HistorianOptions
{
    /// <summary><c>sqlite</c> (default) or <c>mongodb</c>.</summary>
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    /// <summary>The MongoDB store's connection.</summary>
    public MongoDbOptions MongoDb { get; set; } = new();

    /// <summary>Tag path patterns to store (<c>*</c> any run of characters, <c>?</c> one); empty stores every tag.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>A number is stored only when it differs from the last stored one by more than this (0: no absolute deadband).</summary>
    public double DeadbandAbsolute { get; set; }

    /// <summary>A number is stored only when it differs from the last stored one by more than this percentage of it (0: none).</summary>
    public double DeadbandPercent { get; set; }

    /// <summary>With a deadband: a value is stored anyway when the last stored one is this old (source time); 0: no maximum.</summary>
    public int MaxIntervalMs { get; set; } = 600_000;

    /// <summary>Values written per batch (one transaction, one journal record).</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>A batch that is not full is written after this long.</summary>
    public int FlushIntervalMs { get; set; } = 1000;

    /// <summary>How many values may wait between the tag bus and the historian (back-pressure beyond).</summary>
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>The store-and-forward buffer's limit on disk.</summary>
    public long BufferLimitBytes { get; set; } = 1L << 30;

    /// <summary>Where the store-and-forward buffer lives; empty: <c>buffer/</c> in the instance's data folder.</summary>
    public string BufferDirectory { get; set; } = "";

    /// <summary>How long a store write may take before the batch goes to the buffer instead.</summary>
    public int WriteTimeoutMs { get; set; } = 30_000;

    /// <summary>How often a failing store is tried again while the buffer holds values.</summary>
    public int RetryIntervalMs { get; set; } = 5000;

    /// <summary>The embedded store deletes values older than this many days; 0 keeps everything.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>While the disk is full or read-only, the most values kept in memory; the rest are counted as lost.</summary>
    public long MemoryLimitValues { get; set; } = 100_000;

    /// <summary>While the disk is full or read-only, how often it is probed for space (writing resumes at the first probe that fits).</summary>
    public int DiskProbeIntervalMs { get; set; } = 2000;
}
