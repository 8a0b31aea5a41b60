using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace N3Host.Plugins.Historian.Options;

/// <summary>Reads and validates a historian instance's settings: every error names the setting and its allowed range.</summary>
internal static class HistorianSettings
{
    private static readonly string[] KnownSettings =
    [
        "store", "mongodb", "tags", "deadbandAbsolute", "deadbandPercent", "maxIntervalMs", "batchSize", "flushIntervalMs",
        "queueCapacity", "bufferLimitBytes", "bufferDirectory", "writeTimeoutMs", "retryIntervalMs", "retentionDays",
        "memoryLimitValues", "diskProbeIntervalMs",
    ];

    /// <summary>The numeric settings and their allowed ranges, in the order <see cref="Validate"/> checks them.</summary>
    public static readonly (string Name, double Min, double Max)[] NumericRanges =
    [
        ("deadbandAbsolute", 0, 1e12),
        ("deadbandPercent", 0, 100),
        ("maxIntervalMs", 0, 86_400_000),
        ("batchSize", 1, 100_000),
        ("flushIntervalMs", 10, 600_000),
        ("queueCapacity", 1, 10_000_000),
        ("bufferLimitBytes", 65_536, 1L << 40),
        ("writeTimeoutMs", 100, 600_000),
        ("retryIntervalMs", 10, 600_000),
        ("retentionDays", 0, 36_500),
        ("memoryLimitValues", 0, 100_000_000),
        ("diskProbeIntervalMs", 100, 60_000),
    ];

    private static readonly string[] KnownMongoDbSettings = ["connectionString", "database", "collection", "timeSeries"];

    /// <summary>The store the settings ask for, read leniently (the constructor needs it before validation): null if unreadable.</summary>
    public static StoreKind? PeekStore(IConfiguration settings)
    {
        var value = settings["store"];
        if (string.IsNullOrWhiteSpace(value))
            return StoreKind.Sqlite;
        return Enum.TryParse<StoreKind>(value.Trim(), ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind : null;
    }

    /// <summary>Binds and validates the settings, or throws <see cref="HistorianSettingsException"/> naming what is wrong.</summary>
    public static HistorianOptions Load(IConfiguration settings, string instance)
    {
        var where = $"Historian instance '{instance}'";
        CheckKnown(settings, KnownSettings, where, "");
        CheckKnown(settings.GetSection("mongodb"), KnownMongoDbSettings, where, "mongodb.");

        if (PeekStore(settings) is null)
            throw new HistorianSettingsException($"{where}: setting 'store' = '{settings["store"]}' is not valid (allowed: sqlite, mongodb).");

        foreach (var (name, min, max) in NumericRanges)
        {
            var raw = settings[name];
            if (raw is null)
                continue;
            var whole = !name.StartsWith("deadband", StringComparison.Ordinal);
            if (whole ? !long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) : !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                throw new HistorianSettingsException($"{where}: setting '{name}' = '{raw}' is not {(whole ? "a whole number" : "a number")} ({Format(min)} to {Format(max)}).");
        }

        var timeSeries = settings["mongodb:timeSeries"];
        if (timeSeries is not null && !bool.TryParse(timeSeries, out _))
            throw new HistorianSettingsException($"{where}: setting 'mongodb.timeSeries' = '{timeSeries}' is not true or false.");

        HistorianOptions options;
        try
        {
            options = settings.Get<HistorianOptions>(o => o.ErrorOnUnknownConfiguration = false) ?? new HistorianOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new HistorianSettingsException($"{where}: {e.Message}", e);
        }

        // A "tags" given as one string instead of a list.
        if (options.Tags.Count == 0 && !string.IsNullOrWhiteSpace(settings["tags"]))
            options.Tags.Add(settings["tags"]!);

        Validate(options, where);
        return options;
    }

    private static void Validate(HistorianOptions o, string where)
    {
        if (o.Store == StoreKind.MongoDb)
        {
            var cs = o.MongoDb.ConnectionString;
            if (string.IsNullOrWhiteSpace(cs))
                throw new HistorianSettingsException($"{where}: setting 'mongodb.connectionString' is required with store 'mongodb' (e.g. \"mongodb://127.0.0.1:27017\").");
            if (!cs.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) && !cs.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase))
                throw new HistorianSettingsException($"{where}: setting 'mongodb.connectionString' must start with mongodb:// or mongodb+srv://.");
            RequireName(o.MongoDb.Database, "mongodb.database", where);
            RequireName(o.MongoDb.Collection, "mongodb.collection", where);
        }

        for (var i = 0; i < o.Tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(o.Tags[i]))
                throw new HistorianSettingsException($"{where}: setting 'tags[{i}]' is empty (a pattern such as \"sim/*\" is expected).");
        }

        double[] values =
        [
            o.DeadbandAbsolute, o.DeadbandPercent, o.MaxIntervalMs, o.BatchSize, o.FlushIntervalMs, o.QueueCapacity,
            o.BufferLimitBytes, o.WriteTimeoutMs, o.RetryIntervalMs, o.RetentionDays, o.MemoryLimitValues, o.DiskProbeIntervalMs,
        ];
        for (var i = 0; i < values.Length; i++)
            Range(values[i], NumericRanges[i].Min, NumericRanges[i].Max, NumericRanges[i].Name, where);
    }

    private static void Range(double value, double min, double max, string name, string where)
    {
        if (double.IsNaN(value) || value < min || value > max)
            throw new HistorianSettingsException($"{where}: setting '{name}' = {Format(value)} is out of range ({Format(min)} to {Format(max)}).");
    }

    private static string Format(double value) => value.ToString("0.################", CultureInfo.InvariantCulture);

    private static void RequireName(string value, string name, string where)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('$', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            throw new HistorianSettingsException($"{where}: setting '{name}' = '{value}' is not a valid name (non-empty, no '$').");
    }

    private static void CheckKnown(IConfiguration section, string[] known, string where, string prefix)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                throw new HistorianSettingsException($"{where}: unknown setting '{prefix}{child.Key}' (known: {string.Join(", ", known)}).");
        }
    }
}
