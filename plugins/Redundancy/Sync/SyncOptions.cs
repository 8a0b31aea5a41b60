using System.Globalization;
using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>How stored-data synchronization batches and paces records (the <c>sync</c> section of the redundancy instance's settings).</summary>
public sealed class SyncOptions
{
    /// <summary>Most records in one batch.</summary>
    [Setting("maxBatchRecords", Min = 1, Max = 65_536)]
    public int MaxBatchRecords { get; set; } = 4096;

    /// <summary>Most bytes of records in one batch (a single larger record still goes alone).</summary>
    [Setting("maxBatchBytes", Min = 4096, Max = 16 << 20)]
    public int MaxBatchBytes { get; set; } = 1 << 20;

    /// <summary>Batches sent but not yet acknowledged as applied by the peer before the sender waits.</summary>
    [Setting("maxUnacknowledgedBatches", Min = 1, Max = 256)]
    public int MaxUnacknowledgedBatches { get; set; } = 8;

    /// <summary>Every invalid value (options made in code rather than bound from settings), in the settings' wording; empty when all are valid.</summary>
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

    private static void Check(List<string> errors, string section, string name, int value, int min, int max)
    {
        if (value < min || value > max)
            errors.Add(SettingProblem.Invalid($"{section}.{name}", value.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"a whole number in {min}..{max}")).ToString());
    }
}
