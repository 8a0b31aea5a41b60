using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>How stored-data synchronization batches and paces records (the <c>sync</c> section of the redundancy instance's settings).</summary>
public sealed class SyncOptions
{
    /// <summary>Most records in one batch. Default 4096, allowed 1 to 65536.</summary>
    public int MaxBatchRecords { get; set; } = 4096;

    /// <summary>Most bytes of records in one batch (a single larger record still goes alone). Default 1 MiB, allowed 4096 to 16 MiB.</summary>
    public int MaxBatchBytes { get; set; } = 1 << 20;

    /// <summary>Batches sent but not yet acknowledged as applied by the peer before the sender waits. Default 8, allowed 1 to 256.</summary>
    public int MaxUnacknowledgedBatches { get; set; } = 8;

    /// <summary>
    /// Reads the <c>sync</c> section of the redundancy instance's settings (absent: the defaults) and validates it.
    /// Throws <see cref="ArgumentException"/> naming every bad setting, its value and the allowed range.
    /// </summary>
    public static SyncOptions FromConfiguration(IConfiguration? section, string sectionPath = "sync")
    {
        var options = new SyncOptions();
        if (section is null)
            return options;
        var errors = new List<string>();
        options.MaxBatchRecords = ReadInt(section, sectionPath, "maxBatchRecords", options.MaxBatchRecords, errors);
        options.MaxBatchBytes = ReadInt(section, sectionPath, "maxBatchBytes", options.MaxBatchBytes, errors);
        options.MaxUnacknowledgedBatches = ReadInt(section, sectionPath, "maxUnacknowledgedBatches", options.MaxUnacknowledgedBatches, errors);
        if (errors.Count == 0)
            errors.AddRange(options.Validate(sectionPath));
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
        return options;
    }

    /// <summary>Every invalid value, each with the setting's name (under <paramref name="section"/>), the value and the allowed range; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate(string section = "sync")
    {
        var errors = new List<string>();
        Check(errors, section, "maxBatchRecords", MaxBatchRecords, 1, 65_536);
        Check(errors, section, "maxBatchBytes", MaxBatchBytes, 4096, 16 << 20);
        Check(errors, section, "maxUnacknowledgedBatches", MaxUnacknowledgedBatches, 1, 256);
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid value.</summary>
    public void ThrowIfInvalid(string section = "sync")
    {
        var errors = Validate(section);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));
    }

    private static int ReadInt(IConfiguration section, string sectionPath, string name, int fallback, List<string> errors)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add($"setting {sectionPath}.{name} = '{text}' is not a whole number");
        return fallback;
    }

    private static void Check(List<string> errors, string section, string name, int value, int min, int max)
    {
        if (value < min || value > max)
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"setting {section}.{name} = {value} is out of range: allowed {min} to {max}"));
    }
}
