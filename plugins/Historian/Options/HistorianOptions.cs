using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Historian.Options;

/// <summary>A historian instance's settings (the <c>settings</c> object in modules.json). Defaults and ranges live here, once.</summary>
public sealed class HistorianOptions : ISettingsRules
{
    /// <summary><c>sqlite</c> (default) or <c>mongodb</c>.</summary>
    [Setting("store")]
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    /// <summary>The MongoDB store's connection.</summary>
    [Setting("mongodb")]
    public MongoDbOptions MongoDb { get; set; } = new();

    /// <summary>Tag path patterns to store (<c>*</c> any run of characters, <c>?</c> one); empty stores every tag.</summary>
    [Setting("tags")]
    public List<string> Tags { get; set; } = [];

    /// <summary>A number is stored only when it differs from the last stored one by more than this (0: no absolute deadband).</summary>
    [Setting("deadbandAbsolute", Min = 0, Max = 1e12)]
    public double DeadbandAbsolute { get; set; }

    /// <summary>A number is stored only when it differs from the last stored one by more than this percentage of it (0: none).</summary>
    [Setting("deadbandPercent", Min = 0, Max = 100)]
    public double DeadbandPercent { get; set; }

    /// <summary>With a deadband: a value is stored anyway when the last stored one is this old (source time); 0: no maximum.</summary>
    [Setting("maxIntervalMs", Min = 0, Max = 86_400_000)]
    public int MaxIntervalMs { get; set; } = 600_000;

    /// <summary>Values written per batch (one transaction, one journal record).</summary>
    [Setting("batchSize", Min = 1, Max = 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>A batch that is not full is written after this long.</summary>
    [Setting("flushIntervalMs", Min = 10, Max = 600_000)]
    public int FlushIntervalMs { get; set; } = 1000;

    /// <summary>How many values may wait between the tag bus and the historian (back-pressure beyond).</summary>
    [Setting("queueCapacity", Min = 1, Max = 10_000_000)]
    public int QueueCapacity { get; set; } = 65_536;

    /// <summary>The store-and-forward buffer's limit on disk.</summary>
    [Setting("bufferLimitBytes", Min = 65_536, Max = 1L << 40)]
    public long BufferLimitBytes { get; set; } = 1L << 30;

    /// <summary>Where the store-and-forward buffer lives; empty: <c>buffer/</c> in the instance's data folder.</summary>
    [Setting("bufferDirectory")]
    public string BufferDirectory { get; set; } = "";

    /// <summary>How long a store write may take before the batch goes to the buffer instead.</summary>
    [Setting("writeTimeoutMs", Min = 100, Max = 600_000)]
    public int WriteTimeoutMs { get; set; } = 30_000;

    /// <summary>How often a failing store is tried again while the buffer holds values.</summary>
    [Setting("retryIntervalMs", Min = 10, Max = 600_000)]
    public int RetryIntervalMs { get; set; } = 5000;

    /// <summary>The embedded store deletes values older than this many days; 0 keeps everything.</summary>
    [Setting("retentionDays", Min = 0, Max = 36_500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>While the disk is full or read-only, the most values kept in memory; the rest are counted as lost.</summary>
    [Setting("memoryLimitValues", Min = 0, Max = 100_000_000)]
    public long MemoryLimitValues { get; set; } = 100_000;

    /// <summary>While the disk is full or read-only, how often it is probed for space (writing resumes at the first probe that fits).</summary>
    [Setting("diskProbeIntervalMs", Min = 100, Max = 60_000)]
    public int DiskProbeIntervalMs { get; set; } = 2000;

    /// <inheritdoc />
    public void Check(SettingsCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (Store == StoreKind.MongoDb)
        {
            var cs = MongoDb.ConnectionString;
            if (!cs.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) && !cs.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
            {
                check.Fail("mongodb.connectionString", "a connection string starting with mongodb:// or mongodb+srv:// (required with store 'mongodb'), e.g. mongodb://127.0.0.1:27017");
            }

            CheckName(check, "mongodb.database", MongoDb.Database);
            CheckName(check, "mongodb.collection", MongoDb.Collection);
        }

        for (var i = 0; i < Tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Tags[i]))
            {
                check.Fail($"tags[{i}]", Tags[i], "a tag path pattern such as \"sim/*\"");
            }
        }
    }

    private static void CheckName(SettingsCheck check, string setting, string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('$', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
        {
            check.Fail(setting, value, "a name: not empty, without '$'");
        }
    }
}
