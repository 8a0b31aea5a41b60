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

        Range(o.DeadbandAbsolute, 0, 1e12, "deadbandAbsolute", where);
        Range(o.DeadbandPercent, 0, 100, "deadbandPercent", where);
        Range(o.MaxIntervalMs, 0, 86_400_000, "maxIntervalMs", where);
        Range(o.BatchSize, 1, 100_000, "batchSize", where);
        Range(o.FlushIntervalMs, 10, 600_000, "flushIntervalMs", where);
        Range(o.QueueCapacity, 1, 10_000_000, "queueCapacity", where);
        Range(o.BufferLimitBytes, 65_536, 1L << 40, "bufferLimitBytes", where);
        Range(o.WriteTimeoutMs, 100, 600_000, "writeTimeoutMs", where);
        Range(o.RetryIntervalMs, 10, 600_000, "retryIntervalMs", where);
        Range(o.RetentionDays, 0, 36_500, "retentionDays", where);
    }

    private static void Range(double value, double min, double max, string name, string where)
    {
        if (double.IsNaN(value) || value < min || value > max)
            throw new HistorianSettingsException(string.Create(CultureInfo.InvariantCulture, $"{where}: setting '{name}' = {value} is out of range ({min} to {max})."));
    }

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
